package skiff.apiserver.resourcemetrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last two readings of each node and pod container, and the usage they give (metrics-server pkg/storage
 * node.go, pod.go): each batch replaces the last readings, and the one before is kept only if older. A container
 * started less than a resolution but at least 10 s before its reading takes its start as the earlier reading, with
 * no CPU used, so that a new pod shows up after one scrape. A pod is shown only when every container has both.
 */
public final class MetricsStore {
    /** metrics-server freshContainerMinMetricsResolution. */
    private static final Duration FRESH_CONTAINER_MIN = Duration.ofSeconds(10);

    private Map<String, MetricsPoint> lastNodes = Map.of();
    private Map<String, MetricsPoint> prevNodes = Map.of();
    private Map<PodRef, Map<String, MetricsPoint>> lastPods = Map.of();
    private Map<PodRef, Map<String, MetricsPoint>> prevPods = Map.of();

    /** One container's usage. */
    public record ContainerUsage(String name, Usage usage) {}

    /** A pod's containers' usage, with the earliest of their timestamps and that one's window. */
    public record PodUsage(List<ContainerUsage> containers, Usage earliest) {}

    /** Stores one scrape of every node, taken once a {@code resolution}. */
    public synchronized void store(Map<String, MetricsPoint> nodes, Map<PodRef, Map<String, MetricsPoint>> pods,
            Duration resolution) {
        Map<String, MetricsPoint> newPrevNodes = new HashMap<>();
        nodes.forEach((name, point) -> {
            MetricsPoint last = lastNodes.get(name);
            if (last == null) {
                return;
            }
            if (point.timestamp().isAfter(last.timestamp())) {
                newPrevNodes.put(name, last);
            } else {
                MetricsPoint prev = prevNodes.get(name);
                if (prev != null && prev.timestamp().isBefore(point.timestamp())) {
                    newPrevNodes.put(name, prev);
                }
            }
        });
        Map<PodRef, Map<String, MetricsPoint>> newPrevPods = new HashMap<>();
        pods.forEach((pod, containers) -> {
            Map<String, MetricsPoint> prevContainers = new HashMap<>();
            containers.forEach((name, point) -> {
                Duration age = Duration.between(point.startTime(), point.timestamp());
                MetricsPoint last = lastPods.getOrDefault(pod, Map.of()).get(name);
                if (point.startTime().isBefore(point.timestamp()) && age.compareTo(resolution) < 0
                        && age.compareTo(FRESH_CONTAINER_MIN) >= 0) {
                    prevContainers.put(name, new MetricsPoint(point.startTime(), point.startTime(), 0,
                            point.memoryBytes()));
                } else if (last != null && point.startTime().isBefore(last.timestamp())) {
                    if (point.timestamp().isAfter(last.timestamp())) {
                        prevContainers.put(name, last);
                    } else {
                        MetricsPoint prev = prevPods.getOrDefault(pod, Map.of()).get(name);
                        if (prev != null && prev.timestamp().isBefore(point.timestamp())) {
                            prevContainers.put(name, prev);
                        }
                    }
                }
            });
            if (!prevContainers.isEmpty()) {
                newPrevPods.put(pod, Map.copyOf(prevContainers));
            }
        });
        lastNodes = Map.copyOf(nodes);
        prevNodes = Map.copyOf(newPrevNodes);
        lastPods = Map.copyOf(pods);
        prevPods = Map.copyOf(newPrevPods);
    }

    public synchronized Optional<Usage> node(String name) {
        MetricsPoint last = lastNodes.get(name);
        MetricsPoint prev = prevNodes.get(name);
        return last == null || prev == null ? Optional.empty() : Usage.between(last, prev);
    }

    /** A pod's usage; empty unless every container it was last scraped with has an earlier reading too. */
    public synchronized Optional<PodUsage> pod(PodRef ref) {
        Map<String, MetricsPoint> last = lastPods.get(ref);
        Map<String, MetricsPoint> prev = prevPods.get(ref);
        if (last == null || prev == null) {
            return Optional.empty();
        }
        Map<String, ContainerUsage> containers = new LinkedHashMap<>();
        Usage earliest = null;
        for (String name : last.keySet().stream().sorted().toList()) {
            MetricsPoint before = prev.get(name);
            if (before == null) {
                return Optional.empty();
            }
            Optional<Usage> usage = Usage.between(last.get(name), before);
            if (usage.isEmpty()) {
                continue;
            }
            containers.put(name, new ContainerUsage(name, usage.get()));
            if (earliest == null || earliest.timestamp().isAfter(usage.get().timestamp())) {
                earliest = usage.get();
            }
        }
        return earliest == null ? Optional.empty()
                : Optional.of(new PodUsage(List.copyOf(containers.values()), earliest));
    }
}
