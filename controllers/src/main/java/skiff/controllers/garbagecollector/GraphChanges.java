package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;

/**
 * Turns one monitored resource's changes into garbage-collector work, as k/k graph_builder.go processGraphChanges
 * does; it only looks keys up in the caches and enqueues them.
 */
final class GraphChanges implements ResourceEventHandler<GenericKubernetesResource> {
    private final String apiVersion;
    private final String kind;
    private final DependencyGraph graph;
    private final RateLimitingQueue<ObjectIdentity> attemptToDelete;
    private final RateLimitingQueue<ObjectIdentity> attemptToOrphan;

    GraphChanges(DependencyGraph.Monitor monitor, DependencyGraph graph,
            RateLimitingQueue<ObjectIdentity> attemptToDelete, RateLimitingQueue<ObjectIdentity> attemptToOrphan) {
        this.apiVersion = monitor.apiVersion();
        this.kind = monitor.kind();
        this.graph = graph;
        this.attemptToDelete = attemptToDelete;
        this.attemptToOrphan = attemptToOrphan;
    }

    @Override
    public void onAdd(GenericKubernetesResource o) {
        changed(null, o);
    }

    @Override
    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource o) {
        changed(old, o);
    }

    @Override
    public void onDelete(GenericKubernetesResource o, boolean finalStateUnknown) {
        // k/k graph_builder.go: the dependents of a vanished object are checked, and owners waiting for it are told.
        graph.dependents(o.getMetadata().getUid()).forEach(d -> attemptToDelete.add(d.identity()));
        enqueueWaitingOwners(DependencyGraph.owners(o));
    }

    private void changed(GenericKubernetesResource old, GenericKubernetesResource o) {
        ObjectIdentity id = DependencyGraph.identity(apiVersion, kind, o);
        List<OwnerReference> owners = DependencyGraph.owners(o);
        // k/k graph_builder.go: an owner the graph has never seen becomes a virtual node to verify; here the
        // dependent itself is checked, which looks the owner up.
        if (!id.isNamespace() && owners.stream().anyMatch(r -> !graph.contains(r.getUid()))) {
            attemptToDelete.add(id);
        }
        // k/k graph_builder.go: an object deleted in the foreground is processed, and so is each dependent.
        if (Finalizers.deletingDependents(o)) {
            attemptToDelete.add(id);
            graph.dependents(id.uid()).forEach(d -> attemptToDelete.add(d.identity()));
        }
        if (Finalizers.beingDeleted(o) && Finalizers.has(o, Finalizers.ORPHAN)) {
            attemptToOrphan.add(id);
        }
        if (old != null && !DependencyGraph.owners(old).equals(owners)) {
            enqueueWaitingOwners(DependencyGraph.owners(old));
        }
    }

    /** Owners that wait for their dependents look again when one of those goes or stops blocking. */
    private void enqueueWaitingOwners(List<OwnerReference> owners) {
        for (OwnerReference ref : owners) {
            graph.node(ref.getUid())
                    .filter(n -> Finalizers.deletingDependents(n.object()))
                    .ifPresent(n -> attemptToDelete.add(n.identity()));
        }
    }
}
