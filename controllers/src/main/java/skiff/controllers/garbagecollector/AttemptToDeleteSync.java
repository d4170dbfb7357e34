package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.SyncResult;

/**
 * One look at one object by the garbage collector (k/k garbagecollector.go attemptToDeleteItem): read it live,
 * then either finish its own foreground deletion or decide, from what its owners turn out to be, whether it stays,
 * loses some owner references, or is deleted. The decisions are {@link DeletionPlanner}'s; this class does the I/O.
 */
final class AttemptToDeleteSync {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptToDeleteSync.class);

    private final DependencyGraph graph;
    private final MetadataClient api;
    private final OwnerResolver owners;
    private final RateLimitingQueue<ObjectIdentity> attemptToDelete;
    private final EventRecorder events;

    AttemptToDeleteSync(DependencyGraph graph, MetadataClient api, OwnerResolver owners,
            RateLimitingQueue<ObjectIdentity> attemptToDelete, EventRecorder events) {
        this.graph = graph;
        this.api = api;
        this.owners = owners;
        this.attemptToDelete = attemptToDelete;
        this.events = events;
    }

    SyncResult sync(ObjectIdentity id) {
        Optional<GenericKubernetesResource> found = api.get(id);
        if (found.isEmpty()) {
            return SyncResult.done();
        }
        GenericKubernetesResource latest = found.get();
        if (Finalizers.deletingDependents(latest)) {
            List<Dependent> blocking = graph.dependents(id.uid()).stream().filter(Dependent::blocksOwnerDeletion)
                    .toList();
            return apply(id, latest, DeletionPlanner.forDeletingOwner(blocking));
        }
        List<OwnerReference> refs = DependencyGraph.owners(latest);
        // Namespaces are never dependents; objects being deleted are already on their way.
        if (id.isNamespace() || Finalizers.beingDeleted(latest) || refs.isEmpty()) {
            return SyncResult.done();
        }
        List<ResolvedOwner> resolved = owners.resolve(id, refs);
        if (resolved.stream().anyMatch(o -> o.state() == OwnerState.INVALID_NAMESPACE)) {
            events.event(reference(id, latest), EventRecorder.WARNING, "OwnerRefInvalidNamespace",
                    "a cluster-scoped object cannot be owned by a namespaced object; its owner reference is ignored");
        }
        List<Dependent> dependents = graph.dependents(id.uid());
        DeletionPlan plan = DeletionPlanner.forDependent(resolved, latest.getMetadata().getFinalizers(),
                !dependents.isEmpty(), dependents.stream().anyMatch(Dependent::deletingDependents));
        return apply(id, latest, plan);
    }

    private SyncResult apply(ObjectIdentity id, GenericKubernetesResource latest, DeletionPlan plan) {
        String rv = latest.getMetadata().getResourceVersion();
        MetadataClient.Outcome outcome = switch (plan) {
            case DeletionPlan.Keep k -> MetadataClient.Outcome.DONE;
            case DeletionPlan.RemoveOwnerReferences r -> api.setOwnerReferences(id, rv,
                    DependencyGraph.owners(latest).stream().filter(ref -> !r.ownerUids().contains(ref.getUid()))
                            .toList());
            case DeletionPlan.Delete d -> delete(id, latest, d);
            case DeletionPlan.RemoveFinalizer f -> api.setFinalizers(id, rv,
                    latest.getMetadata().getFinalizers().stream().filter(x -> !x.equals(f.finalizer())).toList());
            case DeletionPlan.AwaitDependents a -> {
                a.toDelete().forEach(attemptToDelete::add);
                yield MetadataClient.Outcome.DONE;
            }
        };
        if (!(plan instanceof DeletionPlan.Keep) && !(plan instanceof DeletionPlan.AwaitDependents)) {
            LOG.info("garbagecollector object={} plan={} outcome={}", id, plan, outcome);
        }
        return outcome == MetadataClient.Outcome.CONFLICT
                ? SyncResult.retry(id + " changed while being collected")
                : SyncResult.done();
    }

    private MetadataClient.Outcome delete(ObjectIdentity id, GenericKubernetesResource latest,
            DeletionPlan.Delete plan) {
        String rv = latest.getMetadata().getResourceVersion();
        if (!plan.unblockOwnerUids().isEmpty()) {
            List<OwnerReference> unblocked = DependencyGraph.owners(latest).stream()
                    .map(ref -> plan.unblockOwnerUids().contains(ref.getUid())
                            ? new OwnerReferenceBuilder(ref).withBlockOwnerDeletion(false).build() : ref)
                    .toList();
            MetadataClient.Outcome patched = api.setOwnerReferences(id, rv, unblocked);
            if (patched != MetadataClient.Outcome.DONE) {
                return patched;
            }
            // The patch moved the resourceVersion on; the uid still guards the delete.
            rv = null;
        }
        return api.delete(id, rv, plan.policy());
    }

    private static ObjectReference reference(ObjectIdentity id, GenericKubernetesResource o) {
        return new ObjectReferenceBuilder()
                .withApiVersion(id.apiVersion()).withKind(id.kind()).withNamespace(id.namespace())
                .withName(id.name()).withUid(id.uid()).withResourceVersion(o.getMetadata().getResourceVersion())
                .build();
    }
}
