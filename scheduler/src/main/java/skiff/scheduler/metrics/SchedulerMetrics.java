package skiff.scheduler.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import skiff.scheduler.queue.SchedulingQueue;

/**
 * kube-scheduler's metrics of its attempts and queue, with k/k's names, labels and buckets (pkg/scheduler/metrics/
 * metrics.go, 1.32).
 */
public final class SchedulerMetrics {
    public static final String SCHEDULED = "scheduled";
    public static final String UNSCHEDULABLE = "unschedulable";
    public static final String ERROR = "error";

    private final Counter attempts;
    private final Histogram attemptDuration;
    private final String profile;
    private final PrometheusRegistry registry;
    private final GaugeWithCallback pending;

    private SchedulerMetrics(PrometheusRegistry registry, String profile, SchedulingQueue queue) {
        this.profile = profile;
        this.registry = registry;
        attempts = Counter.builder().name("scheduler_schedule_attempts")
                .help("Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be "
                        + "scheduled, while 'error' means an internal scheduler problem.")
                .labelNames("result", "profile").register(registry);
        // metrics.go: ExponentialBuckets(0.001, 2, 15), 1 ms to 16 s.
        attemptDuration = Histogram.builder().name("scheduler_scheduling_attempt_duration_seconds")
                .help("Scheduling attempt latency in seconds (scheduling algorithm + binding)")
                .labelNames("result", "profile").classicOnly().classicExponentialUpperBounds(0.001, 2, 15)
                .register(registry);
        pending = GaugeWithCallback.builder().name("scheduler_pending_pods")
                .help("Number of pending pods, by the queue type. 'active' means number of pods in activeQ; "
                        + "'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in "
                        + "unschedulablePods that the scheduler attempted to schedule and failed; 'gated' is the "
                        + "number of unschedulable pods that the scheduler never attempted to schedule because they "
                        + "are gated.")
                .labelNames("queue")
                .callback(cb -> {
                    cb.call(queue.activeCount(), "active");
                    cb.call(queue.backoffCount(), "backoff");
                    cb.call(queue.unschedulableCount(), "unschedulable");
                    cb.call(queue.gatedCount(), "gated");
                })
                .register(registry);
    }

    /** Registers the metrics of the scheduler {@code profile} whose pending pods wait in {@code queue}. */
    public static SchedulerMetrics register(PrometheusRegistry registry, String profile, SchedulingQueue queue) {
        return new SchedulerMetrics(registry, profile, queue);
    }

    /** Takes these metrics off their registry, so that a scheduler started again in this process can register its. */
    public void unregister() {
        registry.unregister(attempts);
        registry.unregister(attemptDuration);
        registry.unregister(pending);
    }

    /** One scheduling attempt that ended with {@code result} after {@code duration}. */
    public void attempt(String result, Duration duration) {
        attempts.labelValues(result, profile).inc();
        attemptDuration.labelValues(result, profile).observe(duration.toNanos() / 1e9);
    }
}
