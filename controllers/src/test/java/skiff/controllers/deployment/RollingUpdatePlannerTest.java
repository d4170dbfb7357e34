package skiff.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RollingUpdatePlannerTest {

    @Test
    void theNewSetGrowsOnlyUpToReplicasPlusMaxSurge() {
        Deployment d = Sets.rolling(10, 3, 2);
        ReplicaSet old = Sets.set("old", 10, 10, 0);
        ReplicaSet fresh = Sets.set("new", 0, 0, 1);

        assertThat(RollingUpdatePlanner.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(3);
    }

    @Test
    void theNewSetDoesNotGrowWhileAllSetsFillTheSurge() {
        Deployment d = Sets.rolling(10, 3, 2);
        ReplicaSet old = Sets.set("old", 8, 8, 0);
        ReplicaSet fresh = Sets.set("new", 5, 0, 1);

        assertThat(RollingUpdatePlanner.newReplicaSetReplicas(d, List.of(old, fresh), fresh)).isEqualTo(5);
    }

    @Test
    void oldPodsGoOnlyAsFarAsTheMinimumAvailableAllows() {
        Deployment d = Sets.rolling(10, 3, 2);
        ReplicaSet old = Sets.set("old", 10, 10, 0);
        ReplicaSet fresh = Sets.set("new", 3, 0, 1);
        List<ReplicaSet> all = List.of(old, fresh);

        // 13 pods - 8 that must stay available - 3 new ones not yet available.
        assertThat(RollingUpdatePlanner.maxScaledDown(d, all, fresh)).isEqualTo(2);
        assertThat(RollingUpdatePlanner.scaleDownOld(d, all, List.of(old))).isEqualTo(Map.of("old", 8));
    }

    @Test
    void unhealthyOldPodsAreCleanedUpFirstOldestSetFirst() {
        ReplicaSet oldest = Sets.set("oldest", 3, 1, 0);
        ReplicaSet older = Sets.set("older", 4, 2, 1);
        ReplicaSet healthy = Sets.set("healthy", 2, 2, 2);

        assertThat(RollingUpdatePlanner.cleanupUnhealthy(List.of(healthy, older, oldest), 3))
                .containsExactly(Map.entry("oldest", 1), Map.entry("older", 3));
    }

    @Test
    void scaleDownTakesFromTheOldestSetsFirst() {
        Deployment d = Sets.rolling(4, 1, 1);
        ReplicaSet oldest = Sets.set("oldest", 1, 1, 0);
        ReplicaSet older = Sets.set("older", 3, 3, 1);
        ReplicaSet fresh = Sets.set("new", 1, 1, 2);

        // 5 available, 3 must stay: two pods go, the oldest set's one first.
        assertThat(RollingUpdatePlanner.scaleDownOld(d, List.of(oldest, older, fresh), List.of(older, oldest)))
                .containsExactly(Map.entry("oldest", 0), Map.entry("older", 2));
    }
}
