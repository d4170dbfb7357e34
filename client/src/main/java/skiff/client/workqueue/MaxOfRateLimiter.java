package skiff.client.workqueue;

import java.time.Duration;
import java.util.List;

/** The longest wait any of its limiters asks for (client-go workqueue MaxOfRateLimiter). */
public final class MaxOfRateLimiter<K> implements RateLimiter<K> {
    private final List<RateLimiter<K>> limiters;

    public MaxOfRateLimiter(List<RateLimiter<K>> limiters) {
        if (limiters.isEmpty()) {
            throw new IllegalArgumentException("at least one limiter");
        }
        this.limiters = List.copyOf(limiters);
    }

    @Override
    public Duration when(K key) {
        Duration longest = Duration.ZERO;
        for (RateLimiter<K> limiter : limiters) {
            Duration d = limiter.when(key);
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest;
    }

    @Override
    public void forget(K key) {
        limiters.forEach(l -> l.forget(key));
    }

    @Override
    public int retries(K key) {
        return limiters.stream().mapToInt(l -> l.retries(key)).max().orElse(0);
    }
}
