package skiff.client.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-key exponential backoff: the n-th failure in a row waits {@code base × 2^(n-1)}, never more than {@code max}
 * (client-go workqueue ItemExponentialFailureRateLimiter).
 */
public final class ExponentialFailureRateLimiter<K> implements RateLimiter<K> {
    private final long baseNanos;
    private final long maxNanos;
    private final Map<K, Integer> failures = new HashMap<>();

    public ExponentialFailureRateLimiter(Duration base, Duration max) {
        if (base.isNegative() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= max, got base=" + base + " max=" + max);
        }
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public synchronized Duration when(K key) {
        int exponent = failures.merge(key, 1, Integer::sum) - 1;
        double backoff = baseNanos * Math.pow(2, exponent);
        return Duration.ofNanos(backoff >= maxNanos ? maxNanos : (long) backoff);
    }

    @Override
    public synchronized void forget(K key) {
        failures.remove(key);
    }

    @Override
    public synchronized int retries(K key) {
        return failures.getOrDefault(key, 0);
    }
}
