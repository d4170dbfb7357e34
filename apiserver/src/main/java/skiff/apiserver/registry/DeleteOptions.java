package skiff.apiserver.registry;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
 * @param warnings takes admission's warnings for the response's Warning headers, as a write's do: k/k 1.32
 *     apiserver admits a delete as it does a create or update, so policies' Warn actions and webhooks' warnings
 *     reach the client (pkg/admission/plugin/policy/validating/dispatcher.go, webhook/validating/dispatcher.go)
 * @param auditAnnotations takes the annotations admission adds to the request's audit events
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, Boolean orphanDependents,
        String preconditionUid, String preconditionResourceVersion, boolean dryRun, UserInfo user,
        Consumer<String> warnings, BiConsumer<String, String> auditAnnotations) {

    public DeleteOptions {
        warnings = warnings == null ? w -> {} : warnings;
        auditAnnotations = auditAnnotations == null ? (key, value) -> {} : auditAnnotations;
    }

    /** A delete whose admission warnings and audit annotations go nowhere. */
    public DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, Boolean orphanDependents,
            String preconditionUid, String preconditionResourceVersion, boolean dryRun, UserInfo user) {
        this(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid, preconditionResourceVersion,
                dryRun, user, null, null);
    }

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
                preconditionResourceVersion, dryRun, other, warnings, auditAnnotations);
    }

    /** These options with admission's warnings and audit annotations going to the given sinks. */
    public DeleteOptions withAdmissionOutput(Consumer<String> warningSink,
            BiConsumer<String, String> auditAnnotationSink) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid,
                preconditionResourceVersion, dryRun, user, warningSink, auditAnnotationSink);
    }

    /** These options with a resourceVersion precondition. */
    public DeleteOptions withPreconditionResourceVersion(String resourceVersion) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid,
                resourceVersion, dryRun, user, warnings, auditAnnotations);
    }

    /** These options, or their dry-run twin. */
    public DeleteOptions withDryRun(boolean dryRun) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, orphanDependents, preconditionUid,
                preconditionResourceVersion, dryRun, user, warnings, auditAnnotations);
    }

    /** These options with another grace period. */
    public DeleteOptions withGracePeriod(long seconds) {
        return new DeleteOptions(seconds, propagationPolicy, orphanDependents, preconditionUid,
                preconditionResourceVersion, dryRun, user, warnings, auditAnnotations);
    }
}
