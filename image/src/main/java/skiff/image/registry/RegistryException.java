package skiff.image.registry;

import java.io.IOException;

/** A pull that failed, with what kind of failure it was and a message a user can act on. */
public final class RegistryException extends IOException {

    /** What went wrong. */
    public enum Kind {
        /** The registry has no such repository, tag or digest (404, MANIFEST_UNKNOWN, NAME_UNKNOWN). */
        NOT_FOUND,
        /** The registry refused the credentials, or wanted some and had none (401, 403). */
        UNAUTHORIZED,
        /** Content did not hash to the digest it was asked for or announced. */
        DIGEST_MISMATCH,
        /** The registry could not be reached, timed out or failed (5xx). */
        UNAVAILABLE,
        /** The registry answered something that is not a usable image (bad manifest, no manifest for the platform). */
        INVALID
    }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
