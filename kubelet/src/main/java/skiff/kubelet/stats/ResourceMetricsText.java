package skiff.kubelet.stats;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code /metrics/resource} in the Prometheus text format 0.0.4, as k/k 1.32 pkg/kubelet/metrics/collectors/
 * resource_metrics.go writes it: cumulative CPU in core-seconds, working set in bytes and container start times,
 * each sample stamped with the time it was read, families in name order, labels {@code container}, {@code namespace},
 * {@code pod}; {@code scrape_error} is 1 when the node's usage could not be read.
 */
public final class ResourceMetricsText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private ResourceMetricsText() {}

    public static String render(NodeStats stats) {
        StringBuilder out = new StringBuilder();
        family(out, "container_cpu_usage_seconds_total", "counter",
                "[STABLE] Cumulative cpu time consumed by the container in core-seconds");
        for (PodUsage pod : stats.pods()) {
            for (PodUsage.Container c : pod.containers()) {
                sample(out, "container_cpu_usage_seconds_total", container(pod, c), seconds(c.usage().cpuUsageNanos()),
                        c.usage().time());
            }
        }
        family(out, "container_memory_working_set_bytes", "gauge",
                "[STABLE] Current working set of the container in bytes");
        for (PodUsage pod : stats.pods()) {
            for (PodUsage.Container c : pod.containers()) {
                sample(out, "container_memory_working_set_bytes", container(pod, c),
                        Long.toString(c.usage().workingSetBytes()), c.usage().time());
            }
        }
        family(out, "container_start_time_seconds", "gauge",
                "[STABLE] Start time of the container since unix epoch in seconds");
        for (PodUsage pod : stats.pods()) {
            for (PodUsage.Container c : pod.containers()) {
                sample(out, "container_start_time_seconds", container(pod, c), epochSeconds(c.startTime()),
                        c.startTime());
            }
        }
        family(out, "node_cpu_usage_seconds_total", "counter",
                "[STABLE] Cumulative cpu time consumed by the node in core-seconds");
        stats.node().ifPresent(n -> sample(out, "node_cpu_usage_seconds_total", "", seconds(n.cpuUsageNanos()),
                n.time()));
        family(out, "node_memory_working_set_bytes", "gauge", "[STABLE] Current working set of the node in bytes");
        stats.node().ifPresent(n -> sample(out, "node_memory_working_set_bytes", "",
                Long.toString(n.workingSetBytes()), n.time()));
        family(out, "pod_cpu_usage_seconds_total", "counter",
                "[STABLE] Cumulative cpu time consumed by the pod in core-seconds");
        for (PodUsage pod : stats.pods()) {
            sample(out, "pod_cpu_usage_seconds_total", pod(pod), seconds(pod.total().cpuUsageNanos()),
                    pod.total().time());
        }
        family(out, "pod_memory_working_set_bytes", "gauge", "[STABLE] Current working set of the pod in bytes");
        for (PodUsage pod : stats.pods()) {
            sample(out, "pod_memory_working_set_bytes", pod(pod), Long.toString(pod.total().workingSetBytes()),
                    pod.total().time());
        }
        family(out, "scrape_error", "gauge", "[ALPHA] 1 if there was an error while getting container metrics, 0 otherwise");
        out.append("scrape_error ").append(stats.node().isPresent() ? "0" : "1").append('\n');
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, String labels, String value, Instant time) {
        out.append(name).append(labels).append(' ').append(value).append(' ').append(time.toEpochMilli())
                .append('\n');
    }

    private static String container(PodUsage pod, PodUsage.Container c) {
        return "{container=\"" + escape(c.name()) + "\",namespace=\"" + escape(pod.namespace()) + "\",pod=\""
                + escape(pod.name()) + "\"}";
    }

    private static String pod(PodUsage pod) {
        return "{namespace=\"" + escape(pod.namespace()) + "\",pod=\"" + escape(pod.name()) + "\"}";
    }

    private static String seconds(long nanos) {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }

    private static String epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros()
                .toPlainString();
    }

    // The text format's label value escapes: backslash, double quote and line feed.
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
