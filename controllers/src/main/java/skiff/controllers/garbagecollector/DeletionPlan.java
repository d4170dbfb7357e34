package skiff.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import java.util.List;

/** What the garbage collector decided to do with one object; {@link AttemptToDeleteSync} carries it out. */
sealed interface DeletionPlan {

    /** Leave the object alone. */
    record Keep() implements DeletionPlan {}

    /** Drop the references to these owners and keep the object (it still has a solid owner). */
    record RemoveOwnerReferences(List<String> ownerUids) implements DeletionPlan {}

    /**
     * Delete the object with this propagation policy, first marking its references to {@code unblockOwnerUids} as
     * no longer blocking their owner's deletion.
     */
    record Delete(DeletionPropagation policy, List<String> unblockOwnerUids) implements DeletionPlan {}

    /** The object's dependents are handled: remove this finalizer so the API server can finish deleting it. */
    record RemoveFinalizer(String finalizer) implements DeletionPlan {}

    /** The object waits for these blocking dependents; they are sent to be deleted. */
    record AwaitDependents(List<ObjectIdentity> toDelete) implements DeletionPlan {}
}
