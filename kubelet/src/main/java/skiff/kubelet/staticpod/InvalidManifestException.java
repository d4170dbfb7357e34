package skiff.kubelet.staticpod;

/** A file in the manifest directory that is not a valid static pod; the message says why. */
public final class InvalidManifestException extends Exception {
    public InvalidManifestException(String message) {
        super(message);
    }
}
