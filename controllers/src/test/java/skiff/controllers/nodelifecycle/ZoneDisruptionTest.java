package skiff.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

/**
 * Zone health and the pace of NoExecute tainting (k/k node_lifecycle_controller.go ComputeZoneState,
 * handleDisruption, setLimiterInZone; scheduler/rate_limited_queue.go), on a fake clock.
 */
class ZoneDisruptionTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ZoneDisruption zones = new ZoneDisruption(NodeLifecycleOptions.defaults(), clock);
    private final List<String> tainted = new ArrayList<>();

    @Test
    void aZoneIsFullyDisruptedWithoutReadyNodesAndPartiallyFromMoreThanTwoAndTheThreshold() {
        assertThat(ZoneState.of(0, 1, 0.55)).isEqualTo(ZoneState.FULL_DISRUPTION);
        assertThat(ZoneState.of(1, 0, 0.55)).isEqualTo(ZoneState.NORMAL);
        assertThat(ZoneState.of(0, 0, 0.55)).isEqualTo(ZoneState.NORMAL);
        // Two not Ready out of three is over the threshold but not more than two nodes.
        assertThat(ZoneState.of(1, 2, 0.55)).isEqualTo(ZoneState.NORMAL);
        assertThat(ZoneState.of(2, 3, 0.55)).isEqualTo(ZoneState.PARTIAL_DISRUPTION);
        assertThat(ZoneState.of(3, 3, 0.55)).isEqualTo(ZoneState.NORMAL);
    }

    @Test
    void aHealthyZoneTaintsOneNodeAtOnceThenOneEveryTenSeconds() {
        zones.check(Map.of("", List.of("True", "Unknown", "Unknown")));
        zones.queue("").add("a");
        zones.queue("").add("b");

        work();
        assertThat(tainted).containsExactly("a");
        clock.advance(Duration.ofSeconds(9));
        work();
        assertThat(tainted).containsExactly("a");
        clock.advance(Duration.ofSeconds(1));
        work();
        assertThat(tainted).containsExactly("a", "b");
    }

    @Test
    void aNodeThatCannotBeTaintedYetStaysFirstInLine() {
        zones.check(Map.of("", List.of("True", "Unknown", "Unknown")));
        zones.queue("").add("a");
        zones.queue("").add("b");

        zones.process(node -> false);
        clock.advance(Duration.ofSeconds(10));
        work();

        assertThat(tainted).containsExactly("a");
    }

    @Test
    void whenNoNodeAnywhereIsReadyNothingIsTaintedUntilOneIsAgain() {
        zones.check(Map.of("", List.of("True", "True")));
        zones.queue("").add("a");

        assertThat(zones.check(Map.of("", List.of("Unknown", "Unknown"))))
                .isEqualTo(ZoneDisruption.Change.ENTERED_FULL_DISRUPTION);
        assertThat(zones.check(Map.of("", List.of("Unknown", "Unknown")))).isEqualTo(ZoneDisruption.Change.NONE);
        clock.advance(Duration.ofMinutes(5));
        work();
        assertThat(tainted).isEmpty();

        assertThat(zones.check(Map.of("", List.of("True", "Unknown"))))
                .isEqualTo(ZoneDisruption.Change.EXITED_FULL_DISRUPTION);
        assertThat(zones.state("")).isEqualTo(ZoneState.NORMAL);
        // The stopped limiter had no token to give, so the normal one starts without its own (SwapLimiter).
        work();
        assertThat(tainted).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        work();
        assertThat(tainted).containsExactly("a");
    }

    @Test
    void oneFullyDisruptedZoneIsTaintedAtTheNormalRateWhileAnotherZoneIsHealthy() {
        zones.check(Map.of("east", List.of("True"), "west", List.of("True")));
        assertThat(zones.check(Map.of("east", List.of("Unknown"), "west", List.of("True"))))
                .isEqualTo(ZoneDisruption.Change.NONE);
        assertThat(zones.state("east")).isEqualTo(ZoneState.FULL_DISRUPTION);
        zones.queue("east").add("e1");

        work();

        assertThat(tainted).containsExactly("e1");
    }

    @Test
    void aPartiallyDisruptedZoneOfASmallClusterIsNotTaintedAndOfALargeOneSlowly() {
        zones.check(Map.of("small", List.of("True", "True", "Unknown", "Unknown", "Unknown"),
                "large", zoneOf(20, 40)));
        assertThat(zones.state("small")).isEqualTo(ZoneState.PARTIAL_DISRUPTION);
        assertThat(zones.state("large")).isEqualTo(ZoneState.PARTIAL_DISRUPTION);
        zones.queue("small").add("s1");
        zones.queue("large").add("l1");
        zones.queue("large").add("l2");

        clock.advance(Duration.ofMinutes(10));
        work();
        assertThat(tainted).containsExactly("l1");
        clock.advance(Duration.ofSeconds(99));
        work();
        assertThat(tainted).containsExactly("l1");
        clock.advance(Duration.ofSeconds(1));
        work();
        assertThat(tainted).containsExactly("l1", "l2");
    }

    private void work() {
        zones.process(node -> tainted.add(node));
    }

    private static List<String> zoneOf(int ready, int unknown) {
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < ready + unknown; i++) {
            statuses.add(i < ready ? "True" : "Unknown");
        }
        return statuses;
    }
}
