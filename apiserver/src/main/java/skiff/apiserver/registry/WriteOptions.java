package skiff.apiserver.registry;

/** Options every write takes: {@code dryRun=All} validates and answers without storing. */
public record WriteOptions(boolean dryRun, String fieldManager) {
    public static final WriteOptions DEFAULT = new WriteOptions(false, null);
}
