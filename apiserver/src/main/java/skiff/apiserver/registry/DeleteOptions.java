package skiff.apiserver.registry;

import skiff.apiserver.auth.UserInfo;

/**
 * The parts of metav1.DeleteOptions the registry acts on.
 *
 * @param gracePeriodSeconds null when not given
 * @param propagationPolicy null, "Orphan", "Background" or "Foreground"
 * @param orphanDependents the deprecated flag; null when not given
 * @param preconditionUid null when not given
 * @param preconditionResourceVersion null when not given
 * @param user who asks, which admission sees; null for the server's own deletes
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, Boolean orphanDependents,
        String preconditionUid, String preconditionResourceVersion, boolean dryRun, UserInfo user) {

    /** A delete on no user's behalf. */
    public DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, Boolean orphanDependents,
            String preconditionUid, String preconditionResourceVersion, boolean dryRun) {
        this(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid, preconditionResourceVersion,
                dryRun, null);
    }

    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, null, false);

    /** What the namespace controller sends for everything it deletes (k/k pkg/controller/namespace/deletion). */
    public static final DeleteOptions BACKGROUND = new DeleteOptions(null, "Background", null, null, null, false);

    /** These options on {@code other}'s behalf. */
    public DeleteOptions withUser(UserInfo other) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid,
                preconditionResourceVersion, dryRun, other);
    }

    /** These options with a resourceVersion precondition. */
    public DeleteOptions withPreconditionResourceVersion(String resourceVersion) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid,
                resourceVersion, dryRun, user);
    }

    /** These options, or their dry-run twin. */
    public DeleteOptions withDryRun(boolean dryRun) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid,
                preconditionResourceVersion, dryRun, user);
    }

    /** These options with another grace period. */
    public DeleteOptions withGracePeriod(long seconds) {
        return new DeleteOptions(seconds, propagationPolicy, orphanDependents, preconditionUid,
                preconditionResourceVersion, dryRun, user);
    }
}
