package skiff.controllers.podautoscaler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stabilization and scaling policies (k/k horizontal_test.go normalization cases, 1.32) on given times. */
class ScalingPlannerTest {
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    private final ScalingPlanner planner = new ScalingPlanner(Duration.ofMinutes(5));

    @Test
    void withoutBehaviorAScaleDownWaitsForTheHighestRecommendationToLeaveTheWindow() {
        planner.recordInitial("k", 5, T0);

        ScalingPlanner.Plan early = planner.plan("k", null, 5, 2, 1, 10, T0.plusSeconds(15));
        ScalingPlanner.Plan late = planner.plan("k", null, 5, 2, 1, 10, T0.plusSeconds(301));

        assertThat(early.replicas()).isEqualTo(5);
        assertThat(early.ableToScale().reason()).isEqualTo("ScaleDownStabilized");
        assertThat(early.ableToScale().message()).isEqualTo(
                "recent recommendations were higher than current one, applying the highest recent recommendation");
        assertThat(late.replicas()).isEqualTo(2);
        assertThat(late.ableToScale().reason()).isEqualTo("ReadyForNewScale");
        assertThat(late.scalingLimited()).isEqualTo(new ConditionUpdate("ScalingLimited", "False",
                "DesiredWithinRange", "the desired count is within the acceptable range"));
    }

    @Test
    void withoutBehaviorAScaleUpIsAtMostDoubleOrFourAndWithinMinAndMax() {
        ScalingPlanner.Plan doubled = planner.plan("a", null, 3, 10, 1, 20, T0);
        ScalingPlanner.Plan capped = planner.plan("b", null, 3, 10, 1, 5, T0);
        ScalingPlanner.Plan floored = planner.plan("c", null, 3, 1, 2, 5, T0);

        assertThat(doubled.replicas()).isEqualTo(6);
        assertThat(doubled.scalingLimited()).isEqualTo(new ConditionUpdate("ScalingLimited", "True", "ScaleUpLimit",
                "the desired replica count is increasing faster than the maximum scale rate"));
        assertThat(capped.replicas()).isEqualTo(5);
        assertThat(capped.scalingLimited().reason()).isEqualTo("TooManyReplicas");
        assertThat(floored.replicas()).isEqualTo(2);
        assertThat(floored.scalingLimited()).isEqualTo(new ConditionUpdate("ScalingLimited", "True", "TooFewReplicas",
                "the desired replica count is less than the minimum replica count"));
    }

    @Test
    void theDefaultScaleUpPolicyAllowsTheMoreOfFourPodsAndDoubleEveryFifteenSeconds() {
        HorizontalPodAutoscalerBehavior behavior = behavior(rules(0, "Max", policy("Pods", 4, 15),
                policy("Percent", 100, 15)), rules(300, "Max", policy("Percent", 100, 15)));

        ScalingPlanner.Plan first = planner.plan("k", behavior, 1, 50, 1, 100, T0);
        planner.recordScale("k", behavior, 1, first.replicas(), T0);
        ScalingPlanner.Plan sameWindow = planner.plan("k", behavior, 5, 50, 1, 100, T0.plusSeconds(5));
        ScalingPlanner.Plan nextWindow = planner.plan("k", behavior, 5, 50, 1, 100, T0.plusSeconds(16));

        assertThat(first.replicas()).isEqualTo(5);
        assertThat(first.scalingLimited().reason()).isEqualTo("ScaleUpLimit");
        assertThat(sameWindow.replicas()).isEqualTo(5);
        assertThat(nextWindow.replicas()).isEqualTo(10);
    }

    @Test
    void selectPolicyMinTakesTheSmallerChangeAndDisabledNone() {
        HorizontalPodAutoscalerBehavior min = behavior(rules(0, "Min", policy("Pods", 1, 60),
                policy("Percent", 100, 60)), rules(0, "Min", policy("Pods", 1, 60), policy("Percent", 50, 60)));
        HorizontalPodAutoscalerBehavior disabled = behavior(rules(0, "Disabled", policy("Pods", 4, 15)),
                rules(0, "Disabled", policy("Pods", 4, 15)));

        assertThat(planner.plan("up", min, 4, 10, 1, 20, T0).replicas()).isEqualTo(5);
        assertThat(planner.plan("down", min, 10, 1, 1, 20, T0).replicas()).isEqualTo(9);
        ScalingPlanner.Plan off = planner.plan("off", disabled, 4, 10, 1, 20, T0);
        assertThat(off.replicas()).isEqualTo(4);
        assertThat(off.scalingLimited().reason()).isEqualTo("ScaleUpLimit");
    }

    @Test
    void aScaleUpStabilizationWindowAppliesTheLowestRecentRecommendation() {
        HorizontalPodAutoscalerBehavior behavior = behavior(rules(60, "Max", policy("Percent", 100, 15)),
                rules(0, "Max", policy("Percent", 100, 15)));
        planner.plan("k", behavior, 2, 2, 1, 10, T0);

        ScalingPlanner.Plan held = planner.plan("k", behavior, 2, 4, 1, 10, T0.plusSeconds(30));
        ScalingPlanner.Plan released = planner.plan("k", behavior, 2, 4, 1, 10, T0.plusSeconds(61));

        assertThat(held.replicas()).isEqualTo(2);
        assertThat(held.ableToScale().reason()).isEqualTo("ScaleUpStabilized");
        assertThat(released.replicas()).isEqualTo(4);
    }

    @Test
    void anUnsetScaleDownWindowIsTheControllersAndPercentPoliciesRoundDown() {
        HorizontalPodAutoscalerBehavior behavior = behavior(rules(0, "Max", policy("Pods", 4, 15)),
                rules(null, "Max", policy("Percent", 50, 60)));
        planner.recordInitial("k", 9, T0);

        assertThat(planner.plan("k", behavior, 9, 1, 1, 10, T0.plusSeconds(60)).replicas()).isEqualTo(9);
        ScalingPlanner.Plan after = planner.plan("k", behavior, 9, 1, 1, 10, T0.plusSeconds(361));
        assertThat(after.replicas()).isEqualTo(4);
        assertThat(after.scalingLimited()).isEqualTo(new ConditionUpdate("ScalingLimited", "True", "ScaleDownLimit",
                "the desired replica count is decreasing faster than the maximum scale rate"));
    }

    private static HorizontalPodAutoscalerBehavior behavior(HPAScalingRules up, HPAScalingRules down) {
        return new HorizontalPodAutoscalerBehavior(down, up);
    }

    private static HPAScalingRules rules(Integer window, String select, HPAScalingPolicy... policies) {
        return new HPAScalingRulesBuilder().withPolicies(policies).withSelectPolicy(select)
                .withStabilizationWindowSeconds(window).build();
    }

    private static HPAScalingPolicy policy(String type, int value, int period) {
        return new HPAScalingPolicy(period, type, value);
    }
}
