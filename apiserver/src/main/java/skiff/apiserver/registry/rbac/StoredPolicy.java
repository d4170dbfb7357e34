package skiff.apiserver.registry.rbac;

import java.util.List;
import java.util.Optional;
import skiff.apiserver.authz.PolicySource;
import skiff.apiserver.registry.ListOptions;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.registry.ResourceStorage;
import tools.jackson.databind.node.ObjectNode;

/** The RBAC objects as the API server stores them, read through its watch cache. */
public final class StoredPolicy implements PolicySource {
    private static final String GROUP = "rbac.authorization.k8s.io";
    private final Registries registries;

    public StoredPolicy(Registries registries) {
        this.registries = registries;
    }

    @Override
    public List<ObjectNode> clusterRoleBindings() {
        return storage("clusterrolebindings").list(null, ListOptions.everything()).items();
    }

    @Override
    public List<ObjectNode> roleBindings(String namespace) {
        return storage("rolebindings").list(namespace, ListOptions.everything()).items();
    }

    @Override
    public Optional<ObjectNode> clusterRole(String name) {
        return storage("clusterroles").find(null, name);
    }

    @Override
    public Optional<ObjectNode> role(String namespace, String name) {
        return storage("roles").find(namespace, name);
    }

    private ResourceStorage storage(String resource) {
        return registries.forResource(registries.catalog().find(GROUP, "v1", resource).orElseThrow());
    }
}
