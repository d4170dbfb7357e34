package skiff.controllers.podautoscaler;

/** Why a metric could not be had or used; the message is worded as Kubernetes words it in events and conditions. */
public final class MetricsUnavailableException extends Exception {
    public MetricsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
