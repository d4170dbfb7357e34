package skiff.kubelet.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * One reading of a container's, pod's or node's CPU and memory, as cadvisor reports them to the kubelet (k/k
 * staging/src/k8s.io/kubelet/pkg/apis/stats/v1alpha1 CPUStats and MemoryStats).
 *
 * @param time when it was read
 * @param cpuUsageNanos cumulative CPU time in nanoseconds (usageCoreNanoSeconds)
 * @param workingSetBytes memory in use that cannot be reclaimed under pressure: usage less inactive file pages
 * @param usageBytes all memory in use, page cache included
 * @param rssBytes anonymous memory and swap cache
 */
public record ResourceUsage(Instant time, long cpuUsageNanos, long workingSetBytes, long usageBytes, long rssBytes) {

    /** The sum of two readings (a pod's of its containers'), at the later time. */
    public ResourceUsage plus(ResourceUsage other) {
        return new ResourceUsage(time.isAfter(other.time) ? time : other.time, cpuUsageNanos + other.cpuUsageNanos,
                workingSetBytes + other.workingSetBytes, usageBytes + other.usageBytes, rssBytes + other.rssBytes);
    }

    /**
     * The CPU rate in nanocores since {@code previous} (cadvisor's instantaneous usage, usageNanoCores), or empty when
     * there is no earlier reading or the counter went back (a new attempt).
     */
    public OptionalLong nanoCoresSince(ResourceUsage previous) {
        long nanos = Duration.between(previous.time, time).toNanos();
        if (nanos <= 0 || cpuUsageNanos < previous.cpuUsageNanos) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(
                (long) ((double) (cpuUsageNanos - previous.cpuUsageNanos) / nanos * 1_000_000_000L));
    }
}
