package skiff.apiserver.registry;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import skiff.apiserver.auth.UserInfo;

/**
 * Options every write takes: {@code dryRun=All} validates and answers without storing; {@code fieldManager} and the
 * client's User-Agent name the manager that managedFields credit. Writes the server makes itself carry neither and
 * are not recorded there, as Kubernetes records only requests that pass its handlers. {@code user} is who asked
 * (null for the server itself), for the checks that depend on it; {@code warnings} takes the warnings admission
 * webhooks answer with, for the response's Warning headers; {@code auditAnnotations} the annotations admission adds
 * to the request's audit events.
 */
public record WriteOptions(boolean dryRun, String fieldManager, String userAgent, UserInfo user,
        Consumer<String> warnings, BiConsumer<String, String> auditAnnotations) {
    public static final WriteOptions DEFAULT = new WriteOptions(false, null, null);

    public WriteOptions {
        warnings = warnings == null ? w -> {} : warnings;
        auditAnnotations = auditAnnotations == null ? (key, value) -> {} : auditAnnotations;
    }

    /** A write that is not audited. */
    public WriteOptions(boolean dryRun, String fieldManager, String userAgent, UserInfo user,
            Consumer<String> warnings) {
        this(dryRun, fieldManager, userAgent, user, warnings, null);
    }

    /** A write whose warnings (from admission webhooks) reach no client. */
    public WriteOptions(boolean dryRun, String fieldManager, String userAgent, UserInfo user) {
        this(dryRun, fieldManager, userAgent, user, null);
    }

    public WriteOptions(boolean dryRun, String fieldManager) {
        this(dryRun, fieldManager, null);
    }

    /** A write the server makes itself, on no user's behalf. */
    public WriteOptions(boolean dryRun, String fieldManager, String userAgent) {
        this(dryRun, fieldManager, userAgent, null);
    }

    /** Whether the write came from a client, so that managedFields record it. */
    boolean tracked() {
        return fieldManager != null || userAgent != null;
    }
}
