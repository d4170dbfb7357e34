package skiff.bench.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import skiff.api.time.Clock;
import skiff.bench.Latencies;
import skiff.bench.LatencyLog;

/**
 * {@code writers} threads, each creating new keys one after the other for {@code duration} (closed loop): the
 * durable create rate at that concurrency and each create's latency.
 */
public final class WriteLoad {
    private final Clock clock;

    public WriteLoad(Clock clock) {
        this.clock = clock;
    }

    /** Creates {@code total} keys {@code keyPrefix/0..total-1} with {@code writers} threads; returns the failures. */
    public long fill(DurableWriter store, int writers, int total, String keyPrefix, byte[] value)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            threads.add(Thread.ofPlatform().name("fill-" + w).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    try {
                        if (!store.createIfAbsent(keyPrefix + "/" + i, value)) {
                            failures.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return failures.get();
    }

    public Latencies run(DurableWriter store, int writers, Duration duration, String keyPrefix, byte[] value)
            throws InterruptedException {
        AtomicLong failures = new AtomicLong();
        List<LatencyLog> logs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = clock.nanoTime();
        long end = start + duration.toNanos();
        for (int w = 0; w < writers; w++) {
            LatencyLog log = new LatencyLog();
            logs.add(log);
            String prefix = keyPrefix + "/w" + w + "/";
            threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                for (int i = 0; clock.nanoTime() < end; i++) {
                    long sent = clock.nanoTime();
                    try {
                        if (store.createIfAbsent(prefix + i, value)) {
                            log.add(clock.nanoTime() - sent);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Duration elapsed = Duration.ofNanos(clock.nanoTime() - start);
        return Latencies.of(logs.stream().map(LatencyLog::toArray).toList(), elapsed, failures.get());
    }
}
