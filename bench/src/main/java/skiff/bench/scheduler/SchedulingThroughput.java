package skiff.bench.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import skiff.api.time.Clock;

/**
 * Pods scheduled per second, sampled once a second as k/k test/integration/scheduler_perf/util.go throughputCollector
 * does (SchedulingThroughput: the Average and the 50th, 90th and 99th percentiles of the one-second samples).
 * Sampling starts once the first pod is bound (scheduler_perf likewise waits for a scheduled pod and skips its
 * first, partial sample) and ends when the last one is; each sample counts over the time actually elapsed.
 */
final class SchedulingThroughput implements AutoCloseable {
    private final Clock clock;
    private final IntSupplier scheduled;
    private final int expected;
    private final List<Double> samples = new ArrayList<>();
    private final Thread sampler;

    private SchedulingThroughput(Clock clock, IntSupplier scheduled, int expected) {
        this.clock = clock;
        this.scheduled = scheduled;
        this.expected = expected;
        this.sampler = Thread.ofPlatform().name("throughput-sampler").daemon().unstarted(this::sample);
    }

    /** Samples {@code scheduled} until it reaches {@code expected} or {@link #close()} is called. */
    static SchedulingThroughput start(Clock clock, IntSupplier scheduled, int expected) {
        SchedulingThroughput t = new SchedulingThroughput(clock, scheduled, expected);
        t.sampler.start();
        return t;
    }

    private void sample() {
        try {
            int last = scheduled.getAsInt();
            while (last == 0) {
                clock.sleep(Duration.ofMillis(10));
                last = scheduled.getAsInt();
            }
            long lastAt = clock.nanoTime();
            while (last < expected) {
                long next = lastAt + 1_000_000_000L;
                while (clock.nanoTime() < next && scheduled.getAsInt() < expected) {
                    clock.sleep(Duration.ofMillis(10));
                }
                int now = scheduled.getAsInt();
                long at = clock.nanoTime();
                synchronized (samples) {
                    samples.add((now - last) / ((at - lastAt) / 1e9));
                }
                last = now;
                lastAt = at;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The samples, ascending, once the sampler has seen every pod scheduled (or after a few seconds more). */
    double[] sorted() throws InterruptedException {
        sampler.join(Duration.ofSeconds(5));
        synchronized (samples) {
            return samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
    }

    static double average(double[] sorted) {
        return Arrays.stream(sorted).average().orElse(0);
    }

    /** Nearest-rank percentile of ascending samples, {@code p} in (0, 100]. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
