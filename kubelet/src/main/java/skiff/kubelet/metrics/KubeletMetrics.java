package skiff.kubelet.metrics;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.metrics.MetricsText;
import skiff.api.time.Clock;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.RuntimeContainer;

/**
 * The kubelet's metrics with k/k's names, labels and buckets (pkg/kubelet/metrics/metrics.go, 1.32), on the
 * kubelet's own registry with the JVM's and process's metrics; served at the kubelet's {@code /metrics}. The running
 * pods and containers are counted from the runtime when scraped.
 */
public final class KubeletMetrics {
    // metrics.go PodStartDuration buckets, 0.5 s to 1 h.
    private static final double[] POD_START_BUCKETS = {0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240,
            300, 360, 480, 600, 900, 1200, 1800, 2700, 3600};

    private final PrometheusRegistry registry = MetricsText.withProcessMetrics(new PrometheusRegistry());
    private final Clock clock;
    private final Histogram podStartDuration;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    public KubeletMetrics(ContainerRuntime runtime, Clock clock) {
        this.clock = clock;
        podStartDuration = Histogram.builder().name("kubelet_pod_start_duration_seconds")
                .help("Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run")
                .classicOnly().classicUpperBounds(POD_START_BUCKETS).register(registry);
        GaugeWithCallback.builder().name("kubelet_running_pods")
                .help("Number of pods that have a running pod sandbox")
                .callback(cb -> cb.call(runtime.sandboxes().size())).register(registry);
        GaugeWithCallback.builder().name("kubelet_running_containers")
                .help("Number of containers currently running").labelNames("container_state")
                .callback(cb -> containersByState(runtime).forEach((state, n) ->
                        cb.call(n, state.name().toLowerCase(Locale.ROOT))))
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** The pod was synced; the first time counts as when the kubelet first saw it. */
    public void podSeen(String uid) {
        firstSeen.putIfAbsent(uid, clock.nanoTime());
    }

    /**
     * The pod's status says Running; the first time, the time since it was first seen is observed (k/k kubelet.go
     * SyncPod, 1.32: when the phase first becomes Running).
     */
    public void podRunning(String uid) {
        Long seen = firstSeen.get(uid);
        if (seen != null && started.add(uid)) {
            podStartDuration.observe((clock.nanoTime() - seen) / 1e9);
        }
    }

    /** The pod is gone from this node. */
    public void podRemoved(String uid) {
        firstSeen.remove(uid);
        started.remove(uid);
    }

    private static Map<ContainerState, Integer> containersByState(ContainerRuntime runtime) {
        Map<ContainerState, Integer> counts = new EnumMap<>(ContainerState.class);
        for (ContainerState state : ContainerState.values()) {
            counts.put(state, 0);
        }
        for (String uid : runtime.sandboxes()) {
            for (RuntimeContainer c : runtime.podStatus(uid).containers()) {
                counts.merge(c.state(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
