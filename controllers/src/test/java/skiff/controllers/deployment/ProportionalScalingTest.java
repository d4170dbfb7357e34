package skiff.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProportionalScalingTest {
    private static Map<String, String> sizedFor(int desired, int max) {
        return Map.of(RevisionAnnotations.DESIRED_REPLICAS, Integer.toString(desired),
                RevisionAnnotations.MAX_REPLICAS, Integer.toString(max));
    }

    @Test
    void scalingUpMidRolloutSplitsTheNewPodsBySize() {
        // docs concepts/workloads/controllers/deployment.md "Proportional scaling": 10 -> 15 with maxSurge 3.
        Deployment d = Sets.rolling(15, 3, 2);
        ReplicaSet old = Sets.annotated(Sets.set("old", 8, 8, 0), sizedFor(10, 13));
        ReplicaSet fresh = Sets.annotated(Sets.set("new", 5, 0, 1), sizedFor(10, 13));

        ProportionalScaling plan = ProportionalScaling.plan(d, List.of(old, fresh), 13);

        assertThat(plan.sizes()).isEqualTo(Map.of("old", 11, "new", 7));
        assertThat(plan.operation()).isEqualTo("up");
    }

    @Test
    void scalingDownTakesFromTheLargestAndLeftoversGoToTheFirst() {
        Deployment d = Sets.rolling(5, 1, 0);
        ReplicaSet old = Sets.annotated(Sets.set("old", 6, 6, 0), sizedFor(10, 11));
        ReplicaSet fresh = Sets.annotated(Sets.set("new", 5, 0, 1), sizedFor(10, 11));

        ProportionalScaling plan = ProportionalScaling.plan(d, List.of(fresh, old), 11);

        // 6 allowed, 11 asked for: -5 split as round(6*6/11)-6 = -3 and round(5*6/11)-5 = -2.
        assertThat(plan.sizes()).containsExactly(Map.entry("old", 3), Map.entry("new", 3));
        assertThat(plan.operation()).isEqualTo("down");
    }

    @Test
    void scalingToZeroEmptiesEverySet() {
        Deployment d = Sets.rolling(0, 1, 0);
        ReplicaSet old = Sets.set("old", 2, 2, 0);
        ReplicaSet fresh = Sets.set("new", 1, 0, 1);

        assertThat(ProportionalScaling.plan(d, List.of(old, fresh), 3).sizes()).isEqualTo(Map.of("old", 0, "new", 0));
    }
}
