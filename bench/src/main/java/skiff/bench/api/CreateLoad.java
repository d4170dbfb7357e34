package skiff.bench.api;

import java.io.IOException;
import java.net.http.HttpResponse;
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
    private final AtomicInteger printedFailures = new AtomicInteger();

    public CreateLoad(Clock clock) {
        this.clock = clock;
    }

    // Failures are rare and each one matters: the first few are printed whole.
    private void failed(String name, String why) {
        if (printedFailures.getAndIncrement() < 5) {
            System.out.printf("create %s failed: %s%n", name, why.length() > 500 ? why.substring(0, 500) + "..." : why);
        }
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
                        HttpResponse<String> response = client.createPod(namespace, namePrefix + i);
                        if (response.statusCode() == 201) {
                            log.add(clock.nanoTime() - sent);
                        } else {
                            failures.incrementAndGet();
                            failed(namePrefix + i, response.statusCode() + " " + response.body());
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        failed(namePrefix + i, e.toString());
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
