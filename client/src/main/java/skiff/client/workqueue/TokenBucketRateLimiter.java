package skiff.client.workqueue;

import java.time.Duration;
import skiff.api.time.Clock;

/**
 * One token bucket for all keys: {@code qps} tokens a second, at most {@code burst} saved up; a key that finds the
 * bucket empty waits for its token (client-go workqueue BucketRateLimiter over golang.org/x/time/rate's
 * reservations). Keys have no history, so {@link #forget} does nothing.
 */
public final class TokenBucketRateLimiter<K> implements RateLimiter<K> {
    private static final double NANOS_PER_SECOND = 1e9;
    private final Clock clock;
    private final double qps;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucketRateLimiter(Clock clock, double qps, int burst) {
        if (qps <= 0 || burst < 1) {
            throw new IllegalArgumentException("need qps > 0 and burst >= 1");
        }
        this.clock = clock;
        this.qps = qps;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = clock.nanoTime();
    }

    @Override
    public synchronized Duration when(K key) {
        refill();
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / qps * NANOS_PER_SECOND));
    }

    /** Takes a token if one is there, without reserving a later one (client-go flowcontrol TryAccept). */
    public synchronized boolean tryAccept() {
        refill();
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    private void refill() {
        long now = clock.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / NANOS_PER_SECOND * qps);
        lastNanos = now;
    }

    @Override
    public void forget(K key) {}

    @Override
    public int retries(K key) {
        return 0;
    }
}
