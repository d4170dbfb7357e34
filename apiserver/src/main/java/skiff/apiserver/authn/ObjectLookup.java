package skiff.apiserver.authn;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Reads the core objects service-account tokens name: service accounts, pods and nodes. */
public interface ObjectLookup {
    Optional<ObjectNode> serviceAccount(String namespace, String name);

    Optional<ObjectNode> pod(String namespace, String name);

    Optional<ObjectNode> node(String name);
}
