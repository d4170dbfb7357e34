package skiff.apiserver.registry;

/** How a write's changes reach {@code metadata.managedFields}. */
enum FieldTracking {
    /** A create, update or patch: the registry credits the changed fields to the request's manager. */
    UPDATE,
    /** A server-side apply: the object arrives with the managedFields the apply computed, which are kept. */
    APPLIED
}
