package skiff.apiserver.registry;

/**
 * The parts of metav1.DeleteOptions the registry acts on.
 *
 * @param gracePeriodSeconds null when not given
 * @param propagationPolicy null, "Orphan", "Background" or "Foreground"
 * @param preconditionUid null when not given
 * @param preconditionResourceVersion null when not given
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
        String preconditionResourceVersion, boolean dryRun) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, false);
}
