package skiff.client.workqueue;

import java.time.Duration;
import java.util.List;
import skiff.api.time.Clock;

/** Decides how long a key waits before it is retried (client-go util/workqueue default_rate_limiters.go). */
public interface RateLimiter<K> {

    /** How long {@code key} should wait now; asking counts as one more failure. */
    Duration when(K key);

    /** Clears the key's failure history: it succeeded. */
    void forget(K key);

    /** How many times the key has failed since it was last forgotten. */
    int retries(K key);

    // client-go workqueue DefaultControllerRateLimiter: the slower of a per-key exponential backoff (5 ms doubling
    // to 1000 s) and one token bucket shared by all keys (10 per second, bursts of 100).
    static <K> RateLimiter<K> defaultController(Clock clock) {
        return new MaxOfRateLimiter<>(List.of(
                new ExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new TokenBucketRateLimiter<>(clock, 10, 100)));
    }
}
