package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** RBAC objects given as YAML, for tests of the authorizer without a server. */
final class FixedPolicy implements PolicySource {
    private final List<ObjectNode> objects = new ArrayList<>();

    FixedPolicy add(String yaml) {
        objects.add((ObjectNode) Json.parseYaml(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return this;
    }

    @Override
    public List<ObjectNode> clusterRoleBindings() {
        return of("ClusterRoleBinding", "");
    }

    @Override
    public List<ObjectNode> roleBindings(String namespace) {
        return of("RoleBinding", namespace);
    }

    @Override
    public Optional<ObjectNode> clusterRole(String name) {
        return of("ClusterRole", "").stream().filter(o -> name(o).equals(name)).findFirst();
    }

    @Override
    public Optional<ObjectNode> role(String namespace, String name) {
        return of("Role", namespace).stream().filter(o -> name(o).equals(name)).findFirst();
    }

    private List<ObjectNode> of(String kind, String namespace) {
        return objects.stream().filter(o -> o.path("kind").asString("").equals(kind))
                .filter(o -> o.path("metadata").path("namespace").asString("").equals(namespace)).toList();
    }

    private static String name(ObjectNode o) {
        return o.path("metadata").path("name").asString("");
    }
}
