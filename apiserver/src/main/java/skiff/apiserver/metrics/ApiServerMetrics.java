package skiff.apiserver.metrics;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import skiff.api.metrics.MetricsText;

/**
 * kube-apiserver's metrics with k/k's names, labels and buckets (apiserver pkg/endpoints/metrics/metrics.go and
 * pkg/storage/etcd3/metrics/metrics.go, 1.32), on the server's own registry with the JVM's and process's metrics.
 * The store is SQLite, not etcd: its request latencies are {@code skiff_store_request_duration_seconds} with etcd's
 * labels (operation, type) and buckets.
 */
public final class ApiServerMetrics {
    // metrics.go requestLatencies and etcd3 metrics.go etcdRequestLatency: the same buckets.
    private static final double[] LATENCY_BUCKETS = {0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2,
            3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60};
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = MetricsText.withProcessMetrics(new PrometheusRegistry());
    private final Counter requests;
    private final Histogram requestDuration;
    private final Gauge longRunning;
    private final Gauge inflight;
    private final Counter watchEvents;
    private final Histogram storeDuration;

    public ApiServerMetrics() {
        requests = Counter.builder().name("apiserver_request")
                .help("Counter of apiserver requests broken out for each verb, dry run value, group, version, "
                        + "resource, scope, component, and HTTP response code.")
                .labelNames("verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component",
                        "code")
                .register(registry);
        requestDuration = Histogram.builder().name("apiserver_request_duration_seconds")
                .help("Response latency distribution in seconds for each verb, dry run value, group, version, "
                        + "resource, subresource, scope and component.")
                .labelNames("verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        longRunning = Gauge.builder().name("apiserver_longrunning_requests")
                .help("Gauge of all active long-running apiserver requests broken out by verb, group, version, "
                        + "resource, scope and component. Not all requests are tracked this way.")
                .labelNames("verb", "group", "version", "resource", "subresource", "scope", "component")
                .register(registry);
        inflight = Gauge.builder().name("apiserver_current_inflight_requests")
                .help("Number of requests currently being served by this apiserver per request kind.")
                .labelNames("request_kind").register(registry);
        // k/k sets both kinds at start-up, so both series exist before the first request.
        inflight.labelValues(RequestLabels.READ_ONLY).set(0);
        inflight.labelValues(RequestLabels.MUTATING).set(0);
        watchEvents = Counter.builder().name("apiserver_watch_events")
                .help("Number of events sent in watch clients").labelNames("group", "version", "kind")
                .register(registry);
        storeDuration = Histogram.builder().name("skiff_store_request_duration_seconds")
                .help("Store request latency in seconds for each operation and object type (kube-apiserver's "
                        + "etcd_request_duration_seconds).")
                .labelNames("operation", "type").classicOnly().classicUpperBounds(LATENCY_BUCKETS)
                .register(registry);
    }

    /** Counts the stored objects of each resource ("pods", "deployments.apps") when the metrics are read. */
    public void storedObjects(Supplier<Map<String, Long>> counts) {
        GaugeWithCallback.builder().name("apiserver_storage_objects")
                .help("Number of stored objects at the time of last check split by kind.")
                .labelNames("resource")
                .callback(cb -> counts.get().forEach((resource, n) -> cb.call(n, resource)))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** One request answered with {@code code} after {@code elapsed}. */
    public void request(RequestLabels r, int code, Duration elapsed) {
        requests.labelValues(r.verb(), r.dryRun(), r.group(), r.version(), r.resource(), r.subresource(), r.scope(),
                r.component(), Integer.toString(code)).inc();
        requestDuration.labelValues(r.verb(), r.dryRun(), r.group(), r.version(), r.resource(), r.subresource(),
                r.scope(), r.component()).observe(elapsed.toNanos() / NANOS_PER_SECOND);
    }

    /**
     * Counts the request as in flight until the returned handle is closed: a long-running one (watch, proxy, exec,
     * logs...) in {@code apiserver_longrunning_requests}, any other by kind in {@code
     * apiserver_current_inflight_requests} (k/k reports there the most in flight during the last second; Skiff the
     * number now).
     */
    public InFlight started(RequestLabels r) {
        GaugeDataPoint gauge = r.longRunning()
                ? longRunning.labelValues(r.verb(), r.group(), r.version(), r.resource(), r.subresource(),
                        r.scope(), r.component())
                : inflight.labelValues(r.readOnly() ? RequestLabels.READ_ONLY : RequestLabels.MUTATING);
        gauge.inc();
        return gauge::dec;
    }

    /** One event sent to a watch client. */
    public void watchEvent(String group, String version, String kind) {
        watchEvents.labelValues(group, version, kind).inc();
    }

    /** One store request of {@code operation} on objects of {@code type} that took {@code elapsedNanos}. */
    public void storeRequest(String operation, String type, long elapsedNanos) {
        storeDuration.labelValues(operation, type).observe(elapsedNanos / NANOS_PER_SECOND);
    }

    /** A request counted as in flight; {@link #close} ends it. */
    public interface InFlight extends AutoCloseable {
        @Override
        void close();
    }
}
