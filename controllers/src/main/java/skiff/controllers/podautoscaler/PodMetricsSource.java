package skiff.controllers.podautoscaler;

/**
 * Where the controller reads pods' resource usage (k/k pkg/controller/podautoscaler/metrics MetricsClient
 * GetResourceMetric, 1.32): the pods of {@code namespace} that {@code selector} matches, their usage of
 * {@code resource} (container "" sums every container).
 */
public interface PodMetricsSource {
    ResourceMetrics resourceMetrics(String namespace, String selector, String resource, String container)
            throws MetricsUnavailableException;
}
