package skiff.kubelet.stats;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One collection of the node's and its pods' usage, which both {@code /stats/summary} and {@code /metrics/resource}
 * render (k/k pkg/kubelet/server/stats summary.go and pkg/kubelet/metrics/collectors/resource_metrics.go).
 *
 * @param node the machine's usage, empty when procfs could not be read (the scrape error)
 * @param nodeNanoCores the machine's CPU rate since the previous collection
 * @param bootTime when the machine started, the node's startTime
 */
public record NodeStats(String nodeName, Instant bootTime, Optional<ResourceUsage> node, OptionalLong nodeNanoCores,
        long memoryAvailableBytes, Filesystem fs, List<PodUsage> pods) {
    public NodeStats {
        pods = List.copyOf(pods);
    }

    /** The filesystem of the kubelet's root directory (k/k stats/v1alpha1 FsStats). */
    public record Filesystem(long capacityBytes, long availableBytes, long usedBytes) {}
}
