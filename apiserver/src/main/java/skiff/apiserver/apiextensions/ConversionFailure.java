package skiff.apiserver.apiextensions;

/** A custom resource could not be converted; the message is Kubernetes' for the reason. */
final class ConversionFailure extends RuntimeException {
    ConversionFailure(String message) {
        super(message, null, false, false);
    }
}
