package skiff.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class RateLimiterTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void exponentialBackoffStartsAt5msDoublesAndStopsAt1000s() {
        ExponentialFailureRateLimiter<String> limiter =
                new ExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waits.add(limiter.when("a"));
        }
        assertThat(waits).containsExactly(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(40));

        for (int i = 0; i < 100; i++) {
            limiter.when("a");
        }
        assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1000));
        assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void tokenBucketLetsABurstThroughThenSpacesKeysByItsRate() {
        TokenBucketRateLimiter<String> limiter = new TokenBucketRateLimiter<>(clock, 10, 100);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.when("k" + i)).isZero();
        }

        assertThat(limiter.when("one-too-many")).isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.when("two-too-many")).isEqualTo(Duration.ofMillis(200));

        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.when("a-tenth-later")).isEqualTo(Duration.ofMillis(200));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.when("a-second-later")).isZero();
    }

    @Test
    void defaultControllerLimiterTakesTheLongerOfBackoffAndBucket() {
        RateLimiter<String> limiter = RateLimiter.defaultController(clock);

        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
        assertThat(limiter.retries("a")).isEqualTo(2);

        limiter.forget("a");
        assertThat(limiter.retries("a")).isZero();
    }
}
