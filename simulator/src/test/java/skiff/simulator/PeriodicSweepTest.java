package skiff.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class PeriodicSweepTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aFailingRenewalIsTriedAgainNextRoundAndTheOthersGoOn() {
        Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        AtomicInteger serverDown = new AtomicInteger(3);
        try (PeriodicSweep sweep = new PeriodicSweep("test", Duration.ofSeconds(10), () -> List.of("a", "b"),
                name -> {
                    attempts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                    if (name.equals("a") && serverDown.getAndDecrement() > 0) {
                        throw new KubernetesClientException("connection refused");
                    }
                }, Runnable::run, clock)) {
            sweep.start();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(attempts.get("a")).hasValueGreaterThan(5);
                assertThat(attempts.get("b")).hasValueGreaterThan(5);
            });
        }
    }

    @Test
    void aNodeWhoseLastActionIsStillRunningIsSkipped() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        try (PeriodicSweep sweep = new PeriodicSweep("test", Duration.ofSeconds(10), () -> {
                    rounds.incrementAndGet();
                    return List.of("slow");
                }, name -> {
                    started.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, request -> Thread.ofVirtual().start(request), clock)) {
            sweep.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() > 20);
            assertThat(started).hasValue(1);
            release.countDown();
            int after = rounds.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() > after + 20 && started.get() > 1);
        }
    }
}
