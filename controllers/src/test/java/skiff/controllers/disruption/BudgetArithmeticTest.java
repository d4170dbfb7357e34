package skiff.controllers.disruption;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** k/k pkg/controller/disruption/disruption.go getExpectedPodCount, countHealthyPods, buildDisruptedPodMap (1.32). */
class BudgetArithmeticTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    record Case(String name, IntOrString min, IntOrString max, int pods, int scale, int expected, int desired) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> expectations() {
        return Stream.of(
                new Case("an integer minAvailable counts the pods there are", new IntOrString(2), null, 3, 5, 3, 2),
                new Case("a percentage minAvailable rounds up against the scale", new IntOrString("50%"), null, 2, 3,
                        3, 2),
                new Case("maxUnavailable rounds the allowance up", null, new IntOrString("34%"), 3, 3, 3, 1),
                new Case("an integer maxUnavailable against the scale", null, new IntOrString(1), 2, 3, 3, 2),
                new Case("maxUnavailable above the scale desires none", null, new IntOrString(5), 3, 3, 3, 0),
                new Case("no bound at all", null, null, 3, 3, 0, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expectations")
    void expectedAndDesiredPodsAsKubernetesCountsThem(Case c) {
        assertThat(BudgetArithmetic.expectation(c.min(), c.max(), c.pods(), () -> c.scale()))
                .isEqualTo(new BudgetArithmetic.Expectation(c.expected(), c.desired()));
    }

    @Test
    void disruptionsAllowedAreTheHealthyAboveTheDesiredAndNoneWhileNothingIsExpected() {
        assertThat(BudgetArithmetic.disruptionsAllowed(3, 2, 3)).isEqualTo(1);
        assertThat(BudgetArithmetic.disruptionsAllowed(1, 2, 3)).isZero();
        assertThat(BudgetArithmetic.disruptionsAllowed(3, 0, 0)).isZero();
    }

    @Test
    void healthyPodsAreReadyOnesNotBeingDeletedNorRecentlyEvicted() {
        List<Pod> pods = List.of(pod("ready", true, false), pod("unready", false, false),
                pod("deleting", true, true), pod("evicted", true, false), pod("evicted-long-ago", true, false));
        Map<String, Instant> disrupted = Map.of("evicted", NOW.minusSeconds(60),
                "evicted-long-ago", NOW.minusSeconds(180));

        assertThat(BudgetArithmetic.currentHealthy(pods, disrupted, NOW)).isEqualTo(2);
    }

    @Test
    void anEvictionStaysRecordedUntilItsPodIsDeletedOrTwoMinutesPass() {
        List<Pod> pods = List.of(pod("recent", true, false), pod("old", true, false), pod("deleting", true, true));
        Map<String, Instant> recorded = Map.of("recent", NOW.minusSeconds(30), "old", NOW.minusSeconds(121),
                "deleting", NOW.minusSeconds(10), "gone", NOW.minusSeconds(10));

        BudgetArithmetic.Disrupted kept = BudgetArithmetic.disrupted(pods, recorded, NOW);

        assertThat(kept.pods()).containsOnlyKeys("recent");
        assertThat(kept.recheck()).isEqualTo(Optional.of(NOW.plusSeconds(90)));
    }

    private static Pod pod(String name, boolean ready, boolean deleting) {
        return new PodBuilder().withNewMetadata().withName(name)
                .withDeletionTimestamp(deleting ? "2026-01-01T09:59:00Z" : null).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus().build();
    }
}
