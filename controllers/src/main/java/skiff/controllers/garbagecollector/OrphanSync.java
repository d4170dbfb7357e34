package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.controllers.framework.SyncResult;

/**
 * Orphans the dependents of an owner deleted with the {@code orphan} finalizer (k/k garbagecollector.go
 * attemptToOrphanWorker and orphanDependents): every dependent loses its reference to the owner, then the owner
 * loses the finalizer and the API server finishes deleting it.
 */
final class OrphanSync {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSync.class);

    private final DependencyGraph graph;
    private final MetadataClient api;

    OrphanSync(DependencyGraph graph, MetadataClient api) {
        this.graph = graph;
        this.api = api;
    }

    SyncResult sync(ObjectIdentity ownerId) {
        Optional<GenericKubernetesResource> owner = api.get(ownerId);
        if (owner.isEmpty() || !Finalizers.beingDeleted(owner.get())
                || !Finalizers.has(owner.get(), Finalizers.ORPHAN)) {
            return SyncResult.done();
        }
        for (Dependent dependent : graph.dependents(ownerId.uid())) {
            if (releaseFrom(dependent.identity(), ownerId.uid()) == MetadataClient.Outcome.CONFLICT) {
                return SyncResult.retry(dependent.identity() + " changed while being orphaned");
            }
        }
        List<String> rest = owner.get().getMetadata().getFinalizers().stream()
                .filter(f -> !f.equals(Finalizers.ORPHAN)).toList();
        MetadataClient.Outcome outcome = api.setFinalizers(ownerId, owner.get().getMetadata().getResourceVersion(),
                rest);
        LOG.info("garbagecollector owner={} dependents orphaned, finalizer removed outcome={}", ownerId, outcome);
        return outcome == MetadataClient.Outcome.CONFLICT
                ? SyncResult.retry(ownerId + " changed while its dependents were orphaned")
                : SyncResult.done();
    }

    /** Removes the reference to {@code ownerUid} from the dependent as stored now. */
    private MetadataClient.Outcome releaseFrom(ObjectIdentity dependentId, String ownerUid) {
        Optional<GenericKubernetesResource> dependent = api.get(dependentId);
        if (dependent.isEmpty()) {
            return MetadataClient.Outcome.GONE;
        }
        List<OwnerReference> refs = DependencyGraph.owners(dependent.get());
        List<OwnerReference> kept = refs.stream().filter(r -> !ownerUid.equals(r.getUid())).toList();
        if (kept.size() == refs.size()) {
            return MetadataClient.Outcome.DONE;
        }
        return api.setOwnerReferences(dependentId, dependent.get().getMetadata().getResourceVersion(), kept);
    }
}
