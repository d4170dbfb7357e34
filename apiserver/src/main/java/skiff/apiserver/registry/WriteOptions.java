package skiff.apiserver.registry;

/**
 * Options every write takes: {@code dryRun=All} validates and answers without storing; {@code fieldManager} and the
 * client's User-Agent name the manager that managedFields credit. Writes the server makes itself carry neither and
 * are not recorded there, as Kubernetes records only requests that pass its handlers.
 */
public record WriteOptions(boolean dryRun, String fieldManager, String userAgent) {
    public static final WriteOptions DEFAULT = new WriteOptions(false, null, null);

    public WriteOptions(boolean dryRun, String fieldManager) {
        this(dryRun, fieldManager, null);
    }

    /** Whether the write came from a client, so that managedFields record it. */
    boolean tracked() {
        return fieldManager != null || userAgent != null;
    }
}
