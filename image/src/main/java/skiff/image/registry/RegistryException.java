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
    private final boolean mayBeTlsOnly;

    public RegistryException(Kind kind, String message) {
        this(kind, message, null, false);
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, false);
    }

    /** A status the registry answered; a 400 to plain HTTP is what a TLS-only server (Go's, nginx) answers. */
    RegistryException(Kind kind, String message, int status) {
        this(kind, message, null, status == 400);
    }

    RegistryException(Kind kind, String message, Throwable cause, boolean mayBeTlsOnly) {
        super(message, cause);
        this.kind = kind;
        this.mayBeTlsOnly = mayBeTlsOnly;
    }

    /** Whether a plain HTTP request failed the way it does at a server that speaks only TLS. */
    boolean mayBeTlsOnly() {
        return mayBeTlsOnly;
    }

    public Kind kind() {
        return kind;
    }
}
