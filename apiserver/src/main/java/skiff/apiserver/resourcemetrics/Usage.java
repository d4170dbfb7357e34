package skiff.apiserver.resourcemetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Usage over a window between two readings (metrics-server pkg/storage/types.go resourceUsage): the CPU rate in
 * nanocores, the later reading's working set, the later reading's time and the window's length.
 */
public record Usage(long cpuNanoCores, long memoryBytes, Instant timestamp, Duration window) {

    /**
     * The usage from {@code prev} to {@code last}; empty when the start time or the cumulative CPU went back, or the
     * window is empty.
     */
    public static Optional<Usage> between(MetricsPoint last, MetricsPoint prev) {
        if (last.startTime().isBefore(prev.startTime()) || last.cpuNanos() < prev.cpuNanos()) {
            return Optional.empty();
        }
        Duration window = Duration.between(prev.timestamp(), last.timestamp());
        if (window.isNegative() || window.isZero()) {
            return Optional.empty();
        }
        double rate = (double) (last.cpuNanos() - prev.cpuNanos()) / (window.toNanos() / 1e9);
        return Optional.of(new Usage((long) rate, last.memoryBytes(), last.timestamp(), window));
    }
}
