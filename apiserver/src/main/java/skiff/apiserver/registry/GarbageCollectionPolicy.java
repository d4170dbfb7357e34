package skiff.apiserver.registry;

/**
 * What a delete that names no propagation policy does with the object's dependents (k/k
 * staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go GarbageCollectionPolicy).
 */
public enum GarbageCollectionPolicy {
    /** Dependents are deleted by the garbage collector once the owner is gone (background). */
    DELETE_DEPENDENTS,
    /** Dependents are kept: the owner gets the "orphan" finalizer. */
    ORPHAN_DEPENDENTS
}
