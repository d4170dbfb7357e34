package skiff.controllers.podautoscaler;

/**
 * The /scale subresource of the resources autoscalers target (k/k client-go scale ScalesGetter, 1.32). Failures are
 * {@link MetricsUnavailableException}s worded as Kubernetes words them.
 */
public interface TargetScales {
    TargetScale get(String namespace, String apiVersion, String kind, String name) throws MetricsUnavailableException;

    void update(TargetScale scale, int replicas) throws MetricsUnavailableException;
}
