package skiff.controllers.podautoscaler;

import java.time.Instant;
import java.util.Map;

/** The usage of one resource by the pods a selector matched, by pod name, and the time of the first sample. */
public record ResourceMetrics(Map<String, PodMetric> pods, Instant timestamp) {
    public ResourceMetrics {
        pods = Map.copyOf(pods);
    }
}
