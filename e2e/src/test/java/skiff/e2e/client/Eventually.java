package skiff.e2e.client;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Awaitility with the deadline these tests share, checking at once and then often. */
final class Eventually {
    static final Duration DEADLINE = Duration.ofSeconds(20);

    private Eventually() {}

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(DEADLINE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }
}
