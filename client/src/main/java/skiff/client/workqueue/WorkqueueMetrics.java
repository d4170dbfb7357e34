package skiff.client.workqueue;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;
import skiff.api.time.Clock;

/**
 * The work queues' metrics of one component, per queue name, with client-go's names, labels and buckets
 * (k8s.io/component-base/metrics/prometheus/workqueue/metrics.go, 1.32). Registered once on the component's
 * registry; {@link #forQueue} gives each named queue its {@link QueueMetrics}. The unfinished-work gauges are
 * computed when scraped from the keys being processed, on each queue's clock.
 */
public final class WorkqueueMetrics {
    // component-base metrics/prometheus/workqueue/metrics.go (1.32), which kube-controller-manager registers:
    // ExponentialBuckets(10e-9, 10, 10), 10 ns to 10 s (controller-runtime's 12 buckets reach 1000 s).
    private static final double[] DURATION_BUCKETS = exponential(10e-9, 10, 10);
    private static final double NANOS_PER_SECOND = 1e9;

    private final Gauge depth;
    private final Counter adds;
    private final Histogram queueDuration;
    private final Histogram workDuration;
    private final Counter retries;
    private final List<PerQueue> queues = new CopyOnWriteArrayList<>();
    private final PrometheusRegistry registry;
    private final List<Collector> registered = new CopyOnWriteArrayList<>();

    private WorkqueueMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        depth = keep(Gauge.builder().name("workqueue_depth").help("Current depth of workqueue")
                .labelNames("name").register(registry));
        adds = keep(Counter.builder().name("workqueue_adds").help("Total number of adds handled by workqueue")
                .labelNames("name").register(registry));
        queueDuration = keep(Histogram.builder().name("workqueue_queue_duration_seconds")
                .help("How long in seconds an item stays in workqueue before being requested.").labelNames("name")
                .classicOnly().classicUpperBounds(DURATION_BUCKETS).register(registry));
        workDuration = keep(Histogram.builder().name("workqueue_work_duration_seconds")
                .help("How long in seconds processing an item from workqueue takes.").labelNames("name")
                .classicOnly().classicUpperBounds(DURATION_BUCKETS).register(registry));
        retries = keep(Counter.builder().name("workqueue_retries")
                .help("Total number of retries handled by workqueue").labelNames("name").register(registry));
        keep(GaugeWithCallback.builder().name("workqueue_unfinished_work_seconds")
                .help("How many seconds of work has done that is in progress and hasn't been observed by "
                        + "work_duration. Large values indicate stuck threads. One can deduce the number of stuck "
                        + "threads by observing the rate at which this increases.")
                .labelNames("name")
                .callback(cb -> byName(PerQueue::unfinishedSeconds, Double::sum)
                        .forEach((name, v) -> cb.call(v, name)))
                .register(registry));
        keep(GaugeWithCallback.builder().name("workqueue_longest_running_processor_seconds")
                .help("How many seconds has the longest running processor for workqueue been running.")
                .labelNames("name")
                .callback(cb -> byName(PerQueue::longestRunningSeconds, Math::max)
                        .forEach((name, v) -> cb.call(v, name)))
                .register(registry));
    }

    /**
     * One value per queue name: queues may share a name, as client-go's do, and then share its series (the
     * unfinished work added up, the longest running processor the longest of theirs).
     */
    private Map<String, Double> byName(ToDoubleFunction<PerQueue> value, DoubleBinaryOperator combine) {
        Map<String, Double> out = new TreeMap<>();
        for (PerQueue q : queues) {
            out.merge(q.name, value.applyAsDouble(q), combine::applyAsDouble);
        }
        return out;
    }

    private <C extends Collector> C keep(C collector) {
        registered.add(collector);
        return collector;
    }

    /**
     * Takes these metrics off their registry, so that a manager started again in this process (a controller manager
     * that lost and regained its Lease) can register its own.
     */
    public void unregister() {
        registered.forEach(registry::unregister);
    }

    /** Registers the work queue metrics on {@code registry}; call once per registry at a time. */
    public static WorkqueueMetrics register(PrometheusRegistry registry) {
        return new WorkqueueMetrics(registry);
    }

    /** The metrics of the queue named {@code name} (client-go's QueueConfig.Name), timed on {@code clock}. */
    public QueueMetrics forQueue(String name, Clock clock) {
        PerQueue q = new PerQueue(name, clock);
        queues.add(q);
        return q;
    }

    private final class PerQueue implements QueueMetrics {
        private final String name;
        private final Clock clock;
        private final Map<Object, Long> addedAt = new ConcurrentHashMap<>();
        private final Map<Object, Long> processingSince = new ConcurrentHashMap<>();

        PerQueue(String name, Clock clock) {
            this.name = name;
            this.clock = clock;
        }

        @Override
        public void added(Object key) {
            adds.labelValues(name).inc();
            depth.labelValues(name).inc();
            addedAt.putIfAbsent(key, clock.nanoTime());
        }

        @Override
        public void taken(Object key) {
            long now = clock.nanoTime();
            depth.labelValues(name).dec();
            Long added = addedAt.remove(key);
            if (added != null) {
                queueDuration.labelValues(name).observe((now - added) / NANOS_PER_SECOND);
            }
            processingSince.put(key, now);
        }

        @Override
        public void done(Object key) {
            Long since = processingSince.remove(key);
            if (since != null) {
                workDuration.labelValues(name).observe((clock.nanoTime() - since) / NANOS_PER_SECOND);
            }
        }

        @Override
        public void retried() {
            retries.labelValues(name).inc();
        }

        double unfinishedSeconds() {
            long now = clock.nanoTime();
            return processingSince.values().stream().mapToLong(since -> now - since).sum() / NANOS_PER_SECOND;
        }

        double longestRunningSeconds() {
            long now = clock.nanoTime();
            return processingSince.values().stream().mapToLong(since -> now - since).max().orElse(0)
                    / NANOS_PER_SECOND;
        }
    }

    private static double[] exponential(double start, double factor, int count) {
        double[] bounds = new double[count];
        for (int i = 0; i < count; i++) {
            bounds[i] = start * Math.pow(factor, i);
        }
        return bounds;
    }
}
