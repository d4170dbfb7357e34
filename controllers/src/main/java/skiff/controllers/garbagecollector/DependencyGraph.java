package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The owner → dependents graph, read from the informers' caches (k/k pkg/controller/garbagecollector/graph.go and
 * graph_builder.go keep the same graph as explicit nodes). Here each monitored resource's informer indexes its
 * objects by uid (the nodes) and by the uids their ownerReferences name (the edges), so the graph is exactly as
 * fresh as the caches and needs no separate bookkeeping.
 */
final class DependencyGraph {
    static final String BY_UID = "uid";
    static final String BY_OWNER_UID = "owner-uid";

    /** One watched resource. */
    record Monitor(String apiVersion, String kind, SharedIndexInformer<GenericKubernetesResource> informer) {}

    /** An object in the caches, with the identity to address it by. */
    record Node(ObjectIdentity identity, GenericKubernetesResource object) {}

    private final List<Monitor> monitors;

    DependencyGraph(List<Monitor> monitors) {
        this.monitors = new java.util.concurrent.CopyOnWriteArrayList<>(monitors);
    }

    /** Watches one more resource, one discovery found since the start. */
    void add(Monitor monitor) {
        monitors.add(monitor);
    }

    /** Stops looking at a resource that is no longer served. */
    void remove(Monitor monitor) {
        monitors.remove(monitor);
    }

    /** The indexes every monitor's informer needs before it starts. */
    static Map<String, Function<GenericKubernetesResource, List<String>>> indexers() {
        return Map.of(
                BY_UID, o -> List.of(o.getMetadata().getUid()),
                BY_OWNER_UID, o -> owners(o).stream().map(OwnerReference::getUid).toList());
    }

    static List<OwnerReference> owners(GenericKubernetesResource o) {
        List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
        return refs == null ? List.of() : refs;
    }

    static ObjectIdentity identity(String apiVersion, String kind, GenericKubernetesResource o) {
        String namespace = o.getMetadata().getNamespace();
        return new ObjectIdentity(apiVersion, kind, namespace == null || namespace.isEmpty() ? null : namespace,
                o.getMetadata().getName(), o.getMetadata().getUid());
    }

    List<Monitor> monitors() {
        return List.copyOf(monitors);
    }

    /** The cached object with this uid, of any monitored kind. */
    Optional<Node> node(String uid) {
        for (Monitor m : monitors) {
            List<GenericKubernetesResource> found = m.informer().getIndexer().byIndex(BY_UID, uid);
            if (!found.isEmpty()) {
                return Optional.of(new Node(identity(m.apiVersion(), m.kind(), found.get(0)), found.get(0)));
            }
        }
        return Optional.empty();
    }

    boolean contains(String uid) {
        return node(uid).isPresent();
    }

    /** Every cached object that names {@code ownerUid} as an owner. */
    List<Dependent> dependents(String ownerUid) {
        List<Dependent> result = new ArrayList<>();
        for (Monitor m : monitors) {
            for (GenericKubernetesResource o : m.informer().getIndexer().byIndex(BY_OWNER_UID, ownerUid)) {
                boolean blocks = owners(o).stream().anyMatch(
                        r -> ownerUid.equals(r.getUid()) && Boolean.TRUE.equals(r.getBlockOwnerDeletion()));
                result.add(new Dependent(identity(m.apiVersion(), m.kind(), o), blocks,
                        Finalizers.deletingDependents(o)));
            }
        }
        return result;
    }
}
