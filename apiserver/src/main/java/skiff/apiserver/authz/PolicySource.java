package skiff.apiserver.authz;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Where the RBAC objects are read from: the API server's own storage, or fixed objects in a test. */
public interface PolicySource {
    List<ObjectNode> clusterRoleBindings();

    List<ObjectNode> roleBindings(String namespace);

    Optional<ObjectNode> clusterRole(String name);

    Optional<ObjectNode> role(String namespace, String name);
}
