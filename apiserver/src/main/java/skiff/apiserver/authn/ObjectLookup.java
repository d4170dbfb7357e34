package skiff.apiserver.authn;

import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Reads the core objects tokens name: service accounts, pods and nodes, and bootstrap tokens' Secrets. */
public interface ObjectLookup {
    Optional<ObjectNode> serviceAccount(String namespace, String name);

    Optional<ObjectNode> pod(String namespace, String name);

    Optional<ObjectNode> node(String name);

    Optional<ObjectNode> secret(String namespace, String name);
}
