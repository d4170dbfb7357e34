package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.scheduler.framework.PreemptionPods.budget;
import static skiff.scheduler.framework.PreemptionPods.node;
import static skiff.scheduler.framework.PreemptionPods.pod;
import static skiff.scheduler.framework.PreemptionPods.preemptor;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Victim selection on one node of 4 cpus, case by case (the shape of k/k default_preemption_test.go
 * TestSelectNodesForPreemption): the node's pods, the preemptor, the budgets, and the victims (most important first)
 * with the number of budget violations, or the refusal that stands.
 */
class VictimSelectionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final NodeFilter FILTERS = new SchedulingAlgorithm(Profile.defaults(), new Random(1))::filter;
    private static final Map<String, String> WEB = Map.of("app", "web");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("the one lower-priority pod in the way goes",
                        List.of(pod("low", 1, "4", 0)), preemptor(10, "2"), List.of(),
                        "victims [low] violations 0"),
                Arguments.of("only as many as needed go, the least important first",
                        List.of(pod("a", 1, "1", 0), pod("b", 2, "1", 0), pod("c", 3, "1", 0), pod("d", 4, "1", 0)),
                        preemptor(10, "2"), List.of(),
                        "victims [b, a] violations 0"),
                Arguments.of("of equal priority the one that started later goes",
                        List.of(pod("old", 1, "2", 0), pod("new", 1, "2", 30)), preemptor(10, "2"), List.of(),
                        "victims [new] violations 0"),
                Arguments.of("pods of equal or higher priority are never victims",
                        List.of(pod("same", 10, "2", 0), pod("higher", 20, "1", 0), pod("low", 1, "1", 0)),
                        preemptor(10, "2"), List.of(),
                        "refused [Insufficient cpu]"),
                Arguments.of("no lower-priority pod at all",
                        List.of(pod("same", 10, "4", 0)), preemptor(10, "2"), List.of(),
                        "refused [No preemption victims found for incoming pod]"),
                Arguments.of("a budget-protected pod is reprieved before an unprotected one of higher priority",
                        List.of(pod("guarded", 1, "2", 0, WEB), pod("free", 5, "2", 0)), preemptor(10, "2"),
                        List.of(budget("web", 0)),
                        "victims [free] violations 0"),
                Arguments.of("a protected pod that must go counts as a violation",
                        List.of(pod("guarded", 1, "4", 0, WEB)), preemptor(10, "2"), List.of(budget("web", 0)),
                        "victims [guarded] violations 1"),
                Arguments.of("a budget with disruptions allowed protects nobody up to that count",
                        List.of(pod("w1", 1, "2", 0, WEB), pod("w2", 1, "2", 10, WEB)), preemptor(10, "4"),
                        List.of(budget("web", 1)),
                        "victims [w1, w2] violations 1"),
                Arguments.of("victims come back sorted by importance across both groups",
                        List.of(pod("guarded", 1, "2", 0, WEB), pod("free", 5, "2", 0)), preemptor(10, "4"),
                        List.of(budget("web", 0)),
                        "victims [free, guarded] violations 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selectsVictims(String name, List<Pod> pods, Pod preemptor, List<PodDisruptionBudget> budgets,
            String expected) {
        NodeInfo node = node("n1", "4", pods.toArray(Pod[]::new));

        VictimSelection.Result result = VictimSelection.select(preemptor, node, budgets, FILTERS, NOW);

        assertThat(describe(result)).isEqualTo(expected);
        assertThat(node.podCount()).as("the cached node is left alone").isEqualTo(pods.size());
    }

    private static String describe(VictimSelection.Result result) {
        return switch (result) {
            case VictimSelection.Victims v -> "victims " + v.pods().stream().map(p -> p.getMetadata().getName())
                    .toList() + " violations " + v.pdbViolations();
            case VictimSelection.Refused r -> "refused " + r.refusal().reasons();
        };
    }
}
