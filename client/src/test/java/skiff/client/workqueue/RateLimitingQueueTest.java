package skiff.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class RateLimitingQueueTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final RateLimitingQueue<String> queue = new RateLimitingQueue<>(clock,
            new ExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)));

    @Test
    void aKeyAddedTwiceWhileItWaitsIsHandedOutOnce() {
        queue.add("a");
        queue.add("b");
        queue.add("a");

        assertThat(queue.length()).isEqualTo(2);
        assertThat(drain()).containsExactly("a", "b");
    }

    @Test
    void aKeyBeingProcessedIsNotHandedToASecondWorkerButComesBackAfterDone() {
        queue.add("a");
        String first = queue.poll().orElseThrow();

        queue.add("a");
        assertThat(queue.poll()).isEmpty();

        queue.done(first);
        assertThat(queue.poll()).contains("a");
    }

    @Test
    void aKeyNotAddedWhileProcessingIsGoneAfterDone() {
        queue.add("a");
        queue.done(queue.poll().orElseThrow());

        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void addAfterHoldsTheKeyBackUntilTheClockPassesTheDelay() {
        queue.addAfter("a", Duration.ofSeconds(2));

        clock.advance(Duration.ofMillis(1999));
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.poll()).contains("a");
    }

    @Test
    void addAfterOfAKeyAlreadyHeldBackKeepsTheEarlierTime() {
        queue.addAfter("a", Duration.ofSeconds(1));
        queue.addAfter("a", Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.poll()).contains("a");
        queue.done("a");
        clock.advance(Duration.ofSeconds(10));
        assertThat(queue.poll()).isEmpty();
    }

    @Test
    void addAfterEarlierThanTheHeldBackTimeMovesTheKeyUp() {
        queue.addAfter("a", Duration.ofSeconds(10));
        queue.addAfter("a", Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(queue.poll()).contains("a");
    }

    @Test
    void heldBackKeysComeOutInTheOrderTheirTimesArrive() {
        queue.addAfter("late", Duration.ofSeconds(3));
        queue.addAfter("early", Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(5));
        assertThat(drain()).containsExactly("early", "late");
    }

    @Test
    void addRateLimitedDoublesTheWaitOnEachFailureUntilForget() {
        queue.addRateLimited("a");
        assertThat(queue.numRequeues("a")).isEqualTo(1);
        clock.advance(Duration.ofMillis(4));
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        queue.done(queue.poll().orElseThrow());

        queue.addRateLimited("a");
        clock.advance(Duration.ofMillis(9));
        assertThat(queue.poll()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        queue.done(queue.poll().orElseThrow());

        queue.forget("a");
        assertThat(queue.numRequeues("a")).isZero();
        queue.addRateLimited("a");
        clock.advance(Duration.ofMillis(5));
        assertThat(queue.poll()).contains("a");
    }

    @Test
    void shutDownHandsOutWhatIsQueuedThenAnswersEmptyAndAcceptsNothing() throws InterruptedException {
        queue.add("a");
        queue.addAfter("later", Duration.ofSeconds(1));
        queue.shutDown();
        queue.add("b");
        clock.advance(Duration.ofSeconds(2));

        assertThat(queue.get()).contains("a");
        assertThat(queue.get()).isEmpty();
        assertThat(queue.shuttingDown()).isTrue();
    }

    @Test
    void getWaitsForAKeyToBeAdded() throws Exception {
        CompletableFuture<Optional<String>> got = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                got.complete(queue.get());
            } catch (InterruptedException e) {
                got.completeExceptionally(e);
            }
        });

        queue.add("a");

        assertThat(got.get(5, TimeUnit.SECONDS)).contains("a");
    }

    @Test
    void getWakesUpForShutDown() throws Exception {
        CompletableFuture<Optional<String>> got = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                got.complete(queue.get());
            } catch (InterruptedException e) {
                got.completeExceptionally(e);
            }
        });

        queue.shutDown();

        assertThat(got.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    private List<String> drain() {
        List<String> keys = new ArrayList<>();
        for (Optional<String> k = queue.poll(); k.isPresent(); k = queue.poll()) {
            keys.add(k.get());
            queue.done(k.get());
        }
        return keys;
    }
}
