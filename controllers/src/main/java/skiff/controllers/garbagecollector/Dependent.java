package skiff.controllers.garbagecollector;

/**
 * An object that names a given owner in its ownerReferences.
 *
 * @param blocksOwnerDeletion whether that reference sets blockOwnerDeletion, so a foreground deletion of the owner
 *     waits for this object to be gone
 * @param deletingDependents whether this object is itself being deleted in the foreground
 */
record Dependent(ObjectIdentity identity, boolean blocksOwnerDeletion, boolean deletingDependents) {}
