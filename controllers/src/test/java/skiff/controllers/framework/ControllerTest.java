package skiff.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.client.workqueue.ExponentialFailureRateLimiter;
import skiff.client.workqueue.RateLimitingQueue;

class ControllerTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RateLimitingQueue<String> queue = new RateLimitingQueue<>(clock,
            new ExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)));
    private final Deque<SyncResult> results = new ArrayDeque<>();
    private final List<String> synced = new ArrayList<>();
    private final Controller<String> controller = Controller.<String>builder("test").queue(queue)
            .handler(key -> {
                synced.add(key);
                return results.isEmpty() ? SyncResult.done() : results.pop();
            })
            .clock(clock).build();

    @Test
    void aFailedSyncIsRetriedAfterItsBackoffAndASuccessResetsIt() {
        results.push(SyncResult.retry("boom"));
        queue.add("a");

        step();
        assertThat(queue.numRequeues("a")).isEqualTo(1);
        assertThat(queue.poll()).isEmpty();

        clock.advance(Duration.ofMillis(5));
        step();
        assertThat(synced).containsExactly("a", "a");
        assertThat(queue.numRequeues("a")).isZero();
    }

    @Test
    void anExceptionCountsAsARetry() {
        Controller<String> failing = Controller.<String>builder("failing").queue(queue)
                .handler(key -> {
                    throw new IllegalStateException("boom");
                })
                .clock(clock).build();
        queue.add("a");

        failing.process(queue.poll().orElseThrow());

        assertThat(queue.numRequeues("a")).isEqualTo(1);
    }

    @Test
    void requeueAfterComesBackAfterTheDelayWithoutCountingAFailure() {
        results.push(SyncResult.requeueAfter(Duration.ofSeconds(30)));
        queue.add("a");

        step();
        clock.advance(Duration.ofSeconds(29));
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        step();

        assertThat(synced).containsExactly("a", "a");
        assertThat(queue.numRequeues("a")).isZero();
    }

    @Test
    void workersDoNotStartBeforeTheCachesHaveSynced() throws InterruptedException {
        queue.shutDown();

        assertThat(controller.waitForCacheSync()).isTrue();
    }

    private void step() {
        controller.process(queue.poll().orElseThrow());
    }
}
