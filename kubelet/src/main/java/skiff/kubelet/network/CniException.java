package skiff.kubelet.network;

/**
 * A CNI plugin's failure, with its error code and message as the plugin reported them (CNI SPEC.md "Error"), or
 * why it could not be run.
 */
public final class CniException extends RuntimeException {
    private final int code;

    public CniException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The CNI error code (SPEC.md: 1 incompatible version … 11 try again later), 0 when the plugin gave none. */
    public int code() {
        return code;
    }
}
