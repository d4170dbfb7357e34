package skiff.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The latencies of a batch of operations and the wall time they took together: count, rate and percentiles.
 *
 * @param nanos    one latency per completed operation, in nanoseconds (sorted)
 * @param elapsed  wall time from the first operation's start to the last one's end
 * @param failures operations that did not succeed (not in {@code nanos})
 */
public record Latencies(long[] nanos, Duration elapsed, long failures) {

    public static Latencies of(List<long[]> perWorker, Duration elapsed, long failures) {
        long[] all = perWorker.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Latencies(all, elapsed, failures);
    }

    public static Latencies of(long[] samples, Duration elapsed, long failures) {
        long[] all = samples.clone();
        Arrays.sort(all);
        return new Latencies(all, elapsed, failures);
    }

    public int count() {
        return nanos.length;
    }

    /** Completed operations per second of wall time. */
    public double perSecond() {
        return elapsed.isZero() ? 0 : nanos.length / (elapsed.toNanos() / 1e9);
    }

    /** The nearest-rank percentile, {@code p} in (0, 100]. */
    public Duration percentile(double p) {
        if (nanos.length == 0) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100.0 * nanos.length);
        return Duration.ofNanos(nanos[Math.clamp(rank - 1, 0, nanos.length - 1)]);
    }

    public Duration p50() {
        return percentile(50);
    }

    public Duration p99() {
        return percentile(99);
    }

    public Duration min() {
        return nanos.length == 0 ? Duration.ZERO : Duration.ofNanos(nanos[0]);
    }

    public Duration max() {
        return nanos.length == 0 ? Duration.ZERO : Duration.ofNanos(nanos[nanos.length - 1]);
    }
}
