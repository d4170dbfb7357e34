package skiff.controllers.podautoscaler;

import java.time.Duration;
import java.time.Instant;

/**
 * One pod's usage of one resource, summed over its containers, in thousandths of a unit (millicores, millibytes),
 * with the time and window of the sample (k/k pkg/controller/podautoscaler/metrics PodMetric, 1.32).
 */
public record PodMetric(long milliValue, Instant timestamp, Duration window) {}
