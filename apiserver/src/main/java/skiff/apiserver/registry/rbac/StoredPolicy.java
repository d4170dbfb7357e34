package skiff.apiserver.registry.rbac;

import java.util.List;
import java.util.Optional;
import skiff.apiserver.authz.PolicySource;
import skiff.apiserver.cache.CachedObject;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RBAC objects as the API server's watch cache holds them, read without copies and without waiting for the
 * latest revision, as k/k's RBAC authorizer reads its informers' listers (plugin/pkg/auth/authorizer/rbac, 1.32).
 * The objects are shared and never changed here.
 */
public final class StoredPolicy implements PolicySource {
    private static final String GROUP = "rbac.authorization.k8s.io";
    private final WatchCache cache;
    private final ResourceDefinition roles;
    private final ResourceDefinition roleBindings;
    private final ResourceDefinition clusterRoles;
    private final ResourceDefinition clusterRoleBindings;

    public StoredPolicy(ResourceCatalog catalog, WatchCache cache) {
        this.cache = cache;
        this.roles = catalog.find(GROUP, "v1", "roles").orElseThrow();
        this.roleBindings = catalog.find(GROUP, "v1", "rolebindings").orElseThrow();
        this.clusterRoles = catalog.find(GROUP, "v1", "clusterroles").orElseThrow();
        this.clusterRoleBindings = catalog.find(GROUP, "v1", "clusterrolebindings").orElseThrow();
    }

    @Override
    public List<ObjectNode> clusterRoleBindings() {
        return list(clusterRoleBindings.keyPrefix(null));
    }

    @Override
    public List<ObjectNode> roleBindings(String namespace) {
        return list(roleBindings.keyPrefix(namespace));
    }

    @Override
    public Optional<ObjectNode> clusterRole(String name) {
        return cache.get(clusterRoles.key(null, name)).map(CachedObject::object);
    }

    @Override
    public Optional<ObjectNode> role(String namespace, String name) {
        return cache.get(roles.key(namespace, name)).map(CachedObject::object);
    }

    private List<ObjectNode> list(String prefix) {
        return cache.list(prefix, null).objects().stream().map(CachedObject::object).toList();
    }
}
