package skiff.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class ControllerExpectationsTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ControllerExpectations expectations = new ControllerExpectations(clock);

    @Test
    void aKeyWithNothingPendingIsSatisfied() {
        assertThat(expectations.satisfied("ns/web")).isTrue();
    }

    @Test
    void creationsMustAllBeObservedBeforeTheKeyIsSatisfiedAgain() {
        expectations.expectCreations("ns/web", 2);
        assertThat(expectations.satisfied("ns/web")).isFalse();

        expectations.creationObserved("ns/web");
        assertThat(expectations.satisfied("ns/web")).isFalse();

        expectations.creationObserved("ns/web");
        assertThat(expectations.satisfied("ns/web")).isTrue();
    }

    @Test
    void onlyTheExpectedPodsDeletionsCount() {
        expectations.expectDeletions("ns/web", Set.of("ns/web-a", "ns/web-b"));

        expectations.deletionObserved("ns/web", "ns/web-a");
        expectations.deletionObserved("ns/web", "ns/other");
        expectations.deletionObserved("ns/web", "ns/web-a");
        assertThat(expectations.satisfied("ns/web")).isFalse();

        expectations.deletionObserved("ns/web", "ns/web-b");
        assertThat(expectations.satisfied("ns/web")).isTrue();
    }

    @Test
    void unmetExpectationsStopBlockingAfterFiveMinutes() {
        expectations.expectCreations("ns/web", 1);

        clock.advance(Duration.ofMinutes(5));
        assertThat(expectations.satisfied("ns/web")).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(expectations.satisfied("ns/web")).isTrue();
    }

    @Test
    void newExpectationsReplaceOldOnesAndDeletedKeysAreForgotten() {
        expectations.expectCreations("ns/web", 3);
        expectations.expectDeletions("ns/web", Set.of("ns/web-a"));
        expectations.deletionObserved("ns/web", "ns/web-a");
        assertThat(expectations.satisfied("ns/web")).isTrue();

        expectations.expectCreations("ns/web", 1);
        expectations.delete("ns/web");
        assertThat(expectations.satisfied("ns/web")).isTrue();
    }

    @Test
    void observationsForAKeyWithoutExpectationsAreIgnored() {
        expectations.creationObserved("ns/web");
        expectations.expectCreations("ns/web", 1);
        assertThat(expectations.satisfied("ns/web")).isFalse();
    }
}
