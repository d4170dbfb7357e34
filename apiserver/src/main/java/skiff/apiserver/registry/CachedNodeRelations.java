package skiff.apiserver.registry;

import java.util.List;
import java.util.Optional;
import skiff.apiserver.authz.NodeRelationSource;
import skiff.apiserver.cache.CachedObject;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods and claims as the watch cache holds them, read without copies or waiting, the pods through an index by node,
 * as k/k's node authorizer graph is fed by informers (plugin/pkg/auth/authorizer/node/graph_populator.go, 1.32). The
 * objects are shared, never changed.
 */
final class CachedNodeRelations implements NodeRelationSource {
    private final WatchCache cache;
    private final ResourceDefinition pods;
    private final PodsByNode podsByNode;
    // Absent while Skiff serves no PersistentVolumeClaims: no pod's claim is then found.
    private final Optional<ResourceDefinition> claims;

    CachedNodeRelations(ResourceCatalog catalog, WatchCache cache) {
        this.cache = cache;
        this.pods = catalog.find("", "v1", "pods").orElseThrow();
        this.podsByNode = new PodsByNode(pods.keyPrefix(null));
        cache.addIndex(podsByNode);
        this.claims = catalog.find("", "v1", "persistentvolumeclaims");
    }

    @Override
    public List<ObjectNode> podsOn(String node, String namespace) {
        return podsByNode.on(node, namespace);
    }

    @Override
    public Optional<ObjectNode> pod(String namespace, String name) {
        return cache.get(pods.key(namespace, name)).map(CachedObject::object);
    }

    @Override
    public Optional<ObjectNode> persistentVolumeClaim(String namespace, String name) {
        return claims.flatMap(c -> cache.get(c.key(namespace, name))).map(CachedObject::object);
    }
}
