package skiff.apiserver.resourcemetrics;

import java.time.Instant;

/**
 * One scraped reading of a node or container (metrics-server pkg/storage/types.go MetricsPoint).
 *
 * @param startTime when the container started; the epoch for a node
 * @param timestamp when the kubelet read it
 * @param cpuNanos cumulative CPU time in nanoseconds
 * @param memoryBytes working set in bytes
 */
public record MetricsPoint(Instant startTime, Instant timestamp, long cpuNanos, long memoryBytes) {
    static final MetricsPoint EMPTY = new MetricsPoint(Instant.EPOCH, Instant.EPOCH, 0, 0);

    MetricsPoint withCpu(long nanos, Instant at) {
        return new MetricsPoint(startTime, at, nanos, memoryBytes);
    }

    MetricsPoint withMemory(long bytes, Instant at) {
        return new MetricsPoint(startTime, at, cpuNanos, bytes);
    }

    MetricsPoint withStartTime(Instant start) {
        return new MetricsPoint(start, timestamp, cpuNanos, memoryBytes);
    }
}
