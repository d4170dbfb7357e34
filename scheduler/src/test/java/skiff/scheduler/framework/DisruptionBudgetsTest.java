package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.scheduler.framework.PreemptionPods.budget;
import static skiff.scheduler.framework.PreemptionPods.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which would-be victims a budget protects (k/k default_preemption_test.go filterPodsWithPDBViolation cases). */
class DisruptionBudgetsTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    static Stream<Arguments> cases() {
        Pod w1 = pod("w1", 1, "1", 0, WEB);
        Pod w2 = pod("w2", 1, "1", 0, WEB);
        Pod w3 = pod("w3", 1, "1", 0, WEB);
        return Stream.of(
                Arguments.of("each pod spends one allowed disruption, in order", List.of(w1, w2, w3),
                        List.of(budget("web", 2)), "violating [w3] others [w1, w2]"),
                Arguments.of("a pod without labels matches no budget", List.of(pod("bare", 1, "1", 0)),
                        List.of(budget("web", 0)), "violating [] others [bare]"),
                Arguments.of("a budget in another namespace does not count", List.of(w1),
                        List.of(new PodDisruptionBudgetBuilder(budget("web", 0)).editMetadata().withNamespace("other")
                                .endMetadata().build()), "violating [] others [w1]"),
                Arguments.of("an empty selector matches nothing", List.of(w1),
                        List.of(new PodDisruptionBudgetBuilder(budget("web", 0)).editSpec().withNewSelector()
                                .endSelector().endSpec().build()), "violating [] others [w1]"),
                Arguments.of("a pod already in disruptedPods does not spend again", List.of(w1, w2),
                        List.of(new PodDisruptionBudgetBuilder(budget("web", 1)).editStatus()
                                .withDisruptedPods(Map.of("w1", "2026-01-01T00:00:00Z")).endStatus().build()),
                        "violating [] others [w1, w2]"),
                Arguments.of("no status counts as no disruptions allowed", List.of(w1),
                        List.of(new PodDisruptionBudgetBuilder(budget("web", 0)).withStatus(null).build()),
                        "violating [w1] others []"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void splits(String name, List<Pod> pods, List<PodDisruptionBudget> budgets, String expected) {
        DisruptionBudgets.Split split = DisruptionBudgets.split(pods, budgets);

        assertThat("violating " + names(split.violating()) + " others " + names(split.nonViolating()))
                .isEqualTo(expected);
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }
}
