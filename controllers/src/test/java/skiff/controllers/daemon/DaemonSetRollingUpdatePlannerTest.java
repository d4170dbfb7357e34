package skiff.controllers.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonSetRollingUpdatePlannerTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    private static DaemonSet ds(Object maxUnavailable, Object maxSurge) {
        return new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata().withNewSpec()
                .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(ios(maxUnavailable)).withMaxSurge(ios(maxSurge)).endRollingUpdate()
                .endUpdateStrategy().endSpec().build();
    }

    private static IntOrString ios(Object v) {
        return v instanceof Integer i ? new IntOrString(i) : new IntOrString((String) v);
    }

    private static Pod pod(String name, String hash, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name)
                .addToLabels(DaemonPods.REVISION_HASH_LABEL, hash).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2026-01-01T00:00:00Z").endCondition().endStatus().build();
    }

    @Test
    void withoutSurgeOnlyMaxUnavailableAvailableOldPodsGoAtOnce() {
        DaemonSet ds = ds(1, 0);
        Map<String, List<Pod>> byNode = Map.of(
                "a", List.of(pod("a-old", "v1", true)),
                "b", List.of(pod("b-old", "v1", true)),
                "c", List.of(pod("c-old", "v1", true)));

        var plan = DaemonSetRollingUpdatePlanner.plan(ds, byNode, "v2", DaemonSetSpecs.budget(ds, 3), NOW);

        assertThat(plan.podsToDelete()).containsExactly("a-old");
        assertThat(plan.nodesToCreate()).isEmpty();
    }

    @Test
    void anUnavailableNewPodUsesTheBudgetButUnavailableOldPodsAreAlwaysReplaced() {
        DaemonSet ds = ds(1, 0);
        Map<String, List<Pod>> byNode = Map.of(
                "a", List.of(pod("a-new", "v2", false)),
                "b", List.of(pod("b-old", "v1", false)),
                "c", List.of(pod("c-old", "v1", true)));

        var plan = DaemonSetRollingUpdatePlanner.plan(ds, byNode, "v2", DaemonSetSpecs.budget(ds, 3), NOW);

        assertThat(plan.podsToDelete()).containsExactly("b-old");
    }

    @Test
    void withSurgeNewPodsStartBesideOldOnesAndOldOnesGoOnceTheNewAreAvailable() {
        DaemonSet ds = ds(0, 1);
        Map<String, List<Pod>> byNode = Map.of(
                "a", List.of(pod("a-old", "v1", true), pod("a-new", "v2", true)),
                "b", List.of(pod("b-old", "v1", true)),
                "c", List.of(pod("c-old", "v1", true)));

        var plan = DaemonSetRollingUpdatePlanner.plan(ds, byNode, "v2", DaemonSetSpecs.budget(ds, 3), NOW);

        assertThat(plan.podsToDelete()).containsExactly("a-old");
        assertThat(plan.nodesToCreate()).containsExactly("b");
    }

    @Test
    void percentagesRoundUpAndZeroBudgetsAllowOneUnavailable() {
        assertThat(DaemonSetSpecs.budget(ds("10%", 0), 5)).isEqualTo(new DaemonSetSpecs.UpdateBudget(0, 1));
        assertThat(DaemonSetSpecs.budget(ds("30%", 0), 5)).isEqualTo(new DaemonSetSpecs.UpdateBudget(0, 2));
        assertThat(DaemonSetSpecs.budget(ds(0, 0), 5)).isEqualTo(new DaemonSetSpecs.UpdateBudget(0, 1));
    }
}
