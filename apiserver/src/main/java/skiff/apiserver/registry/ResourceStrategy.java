package skiff.apiserver.registry;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import skiff.api.validation.FieldError;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per-resource rules that the generic registry calls at fixed points (k/k apiserver pkg/registry/rest create.go
 * and update.go: PrepareForCreate, PrepareForUpdate, Validate, ValidateUpdate). Objects are mutable copies owned by
 * the current request.
 */
public interface ResourceStrategy {

    /** Fills in defaults, on create and on every update, as Kubernetes does when it decodes a request. */
    default void applyDefaults(ObjectNode object) {}

    /**
     * Called on create after mutating admission and before {@link #prepareForCreate} and validation (k/k store.go
     * BeginCreate): may take from finite pools what the object asks for, and fill it in.
     */
    default WriteTransaction beginCreate(ObjectNode object, boolean dryRun) {
        return WriteTransaction.NONE;
    }

    /** Called on update after mutating admission and before {@link #prepareForUpdate} (k/k store.go BeginUpdate). */
    default WriteTransaction beginUpdate(ObjectNode object, ObjectNode old, boolean dryRun) {
        return WriteTransaction.NONE;
    }

    /** Called once the store has removed {@code object}, whichever path removed it (k/k store.go AfterDelete). */
    default void afterDelete(ObjectNode object) {}

    /** Resets what users may not set on create (for example status). */
    default void prepareForCreate(ObjectNode object) {}

    /** As {@link #prepareForCreate(ObjectNode)}, for resources that record who asked ({@code user} null: the server). */
    default void prepareForCreate(ObjectNode object, UserInfo user) {
        prepareForCreate(object);
    }

    /** Carries over from the stored object what the main endpoint may not change (for example status). */
    default void prepareForUpdate(ObjectNode object, ObjectNode old) {}

    default List<FieldError> validate(ObjectNode object) {
        return List.of();
    }

    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        return validate(object);
    }

    /** {@link #validateUpdate(ObjectNode, ObjectNode)}, with the warnings the client gets for the update. */
    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, Consumer<String> warnings) {
        return validateUpdate(object, old);
    }

    /**
     * Whether a delete must wait for more than metadata.finalizers (a namespace waits for its spec.finalizers):
     * such an object is only marked with a deletionTimestamp.
     */
    default boolean holdsDeletion(ObjectNode object) {
        return false;
    }

    /** Changes an object that a delete marks but does not remove yet (a namespace becomes Terminating). */
    default void prepareForDeletion(ObjectNode object) {}

    /**
     * The grace period a delete gives {@code object} when the request asked for {@code requested} seconds (null when
     * it asked for none); empty when the resource is not deleted gracefully (k/k apiserver pkg/registry/rest
     * delete.go RESTGracefulDeleteStrategy.CheckGracefulDelete).
     */
    default OptionalLong gracePeriod(ObjectNode object, Long requested) {
        return OptionalLong.empty();
    }

    /** What a delete that names no propagation policy does with dependents (rest.GarbageCollectionDeleteStrategy). */
    default GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
        return GarbageCollectionPolicy.DELETE_DEPENDENTS;
    }
}
