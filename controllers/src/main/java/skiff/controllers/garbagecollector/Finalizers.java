package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The two finalizers through which the API server hands cascading deletion to the garbage collector (docs
 * concepts/architecture/garbage-collection: foreground deletion waits for dependents, orphaning keeps them).
 */
final class Finalizers {
    /** The owner waits until its blocking dependents are gone. */
    static final String FOREGROUND = "foregroundDeletion";
    /** The dependents are kept, without their reference to the owner. */
    static final String ORPHAN = "orphan";

    private Finalizers() {}

    static boolean beingDeleted(HasMetadata o) {
        return o.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean has(HasMetadata o, String finalizer) {
        return o.getMetadata().getFinalizers() != null && o.getMetadata().getFinalizers().contains(finalizer);
    }

    /** Being deleted in the foreground, dependents first (k/k garbagecollector graph.go isDeletingDependents). */
    static boolean deletingDependents(HasMetadata o) {
        return beingDeleted(o) && has(o, FOREGROUND);
    }
}
