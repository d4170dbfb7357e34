package skiff.bench.api;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import skiff.api.time.Clock;
import skiff.bench.Latencies;
import skiff.bench.LatencyLog;

/**
 * Creates {@code total} pods with one worker thread per client, each sending its next create as soon as the last one
 * is answered (closed loop), so concurrency equals the number of clients.
 */
public final class CreateLoad {
    private final Clock clock;

    public CreateLoad(Clock clock) {
        this.clock = clock;
    }

    public Latencies run(List<PodApi> clients, String namespace, String namePrefix, int total)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<LatencyLog> logs = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = clock.nanoTime();
        for (PodApi client : clients) {
            LatencyLog log = new LatencyLog();
            logs.add(log);
            workers.add(Thread.ofPlatform().name("create-" + workers.size()).start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long sent = clock.nanoTime();
                    try {
                        int status = client.createPod(namespace, namePrefix + i);
                        if (status == 201) {
                            log.add(clock.nanoTime() - sent);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Duration elapsed = Duration.ofNanos(clock.nanoTime() - start);
        return Latencies.of(logs.stream().map(LatencyLog::toArray).toList(), elapsed, failures.get());
    }
}
