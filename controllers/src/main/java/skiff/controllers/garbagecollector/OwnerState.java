package skiff.controllers.garbagecollector;

/** What an owner reference leads to (k/k pkg/controller/garbagecollector/garbagecollector.go classifyReferences). */
enum OwnerState {
    /** The owner exists and is not waiting for its dependents: the dependent stays. */
    SOLID,
    /** No object with that name and uid exists (any more). */
    DANGLING,
    /** The owner exists but is being deleted in the foreground, so its dependents are to be deleted first. */
    WAITING_FOR_DEPENDENTS_DELETION,
    /** A cluster-scoped dependent names a namespaced owner: it can never resolve, and counts as dangling. */
    INVALID_NAMESPACE
}
