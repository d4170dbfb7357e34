package skiff.apiserver.admission;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Finds the stored pods and nodes the NodeRestriction plugin checks a node's writes against. */
public interface NodeObjectLookup {
    /** No objects at all. */
    NodeObjectLookup NONE = new NodeObjectLookup() {
        @Override
        public Optional<ObjectNode> pod(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> node(String name) {
            return Optional.empty();
        }
    };

    Optional<ObjectNode> pod(String namespace, String name);

    Optional<ObjectNode> node(String name);
}
