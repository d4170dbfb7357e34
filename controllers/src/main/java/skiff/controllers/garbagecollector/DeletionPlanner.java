package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.util.List;
import java.util.stream.Stream;

/**
 * The garbage collector's decisions, without I/O (k/k pkg/controller/garbagecollector/garbagecollector.go
 * attemptToDeleteItem and processDeletingDependentsItem).
 */
final class DeletionPlanner {
    private DeletionPlanner() {}

    /**
     * What to do with an object that has owner references and is not being deleted.
     *
     * @param finalizers the object's own finalizers, which choose the policy when it is deleted on its own account
     * @param hasDependents whether other objects name this one as their owner
     * @param aDependentDeletesItsDependents whether one of those is itself being deleted in the foreground
     */
    static DeletionPlan forDependent(List<ResolvedOwner> owners, List<String> finalizers, boolean hasDependents,
            boolean aDependentDeletesItsDependents) {
        List<String> solid = uids(owners, OwnerState.SOLID);
        List<String> waiting = uids(owners, OwnerState.WAITING_FOR_DEPENDENTS_DELETION);
        List<String> gone = owners.stream().filter(o -> o.state() == OwnerState.DANGLING
                || o.state() == OwnerState.INVALID_NAMESPACE).map(ResolvedOwner::uid).toList();
        // 1. A solid owner keeps the object; references to owners that are gone or deleting it go.
        if (!solid.isEmpty()) {
            if (gone.isEmpty() && waiting.isEmpty()) {
                return new DeletionPlan.Keep();
            }
            return new DeletionPlan.RemoveOwnerReferences(concat(gone, waiting));
        }
        // 2. An owner deleted in the foreground waits for this object, which has dependents of its own: delete it in
        //    the foreground too, so the chain empties from the bottom. If one of its dependents is also deleting in
        //    the foreground, a cycle may exist; its references to the waiting owners stop blocking first.
        if (!waiting.isEmpty() && hasDependents) {
            return new DeletionPlan.Delete(DeletionPropagation.FOREGROUND,
                    aDependentDeletesItsDependents ? waiting : List.of());
        }
        // 3. No owner keeps it: delete it as its own finalizers ask, else in the background.
        return new DeletionPlan.Delete(policyFrom(finalizers), List.of());
    }

    /**
     * What to do with an object being deleted in the foreground, given its dependents whose references block its
     * deletion: wait for them (sending those not yet deleting to be deleted), or, once none is left, let it go.
     */
    static DeletionPlan forDeletingOwner(List<Dependent> blockingDependents) {
        if (blockingDependents.isEmpty()) {
            return new DeletionPlan.RemoveFinalizer(Finalizers.FOREGROUND);
        }
        return new DeletionPlan.AwaitDependents(blockingDependents.stream()
                .filter(d -> !d.deletingDependents()).map(Dependent::identity).toList());
    }

    // k/k garbagecollector.go attemptToDeleteItem: an orphan or foreground finalizer already on the object is
    // honoured; otherwise background.
    private static DeletionPropagation policyFrom(List<String> finalizers) {
        if (finalizers.contains(Finalizers.ORPHAN)) {
            return DeletionPropagation.ORPHAN;
        }
        if (finalizers.contains(Finalizers.FOREGROUND)) {
            return DeletionPropagation.FOREGROUND;
        }
        return DeletionPropagation.BACKGROUND;
    }

    private static List<String> uids(List<ResolvedOwner> owners, OwnerState state) {
        return owners.stream().filter(o -> o.state() == state).map(ResolvedOwner::uid).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
