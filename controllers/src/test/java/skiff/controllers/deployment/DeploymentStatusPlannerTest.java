package skiff.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class DeploymentStatusPlannerTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void countsComeFromTheSetsAndUpdatedFromTheNewOne() {
        Deployment d = Sets.rolling(4, 1, 1);
        ReplicaSet old = Sets.set("old", 3, 3, 0);
        ReplicaSet fresh = Sets.set("new", 2, 0, 1);

        DeploymentStatus s = DeploymentStatusPlanner.calculate(d, List.of(old, fresh), fresh, clock.now());

        assertThat(s.getReplicas()).isEqualTo(5);
        assertThat(s.getUpdatedReplicas()).isEqualTo(2);
        assertThat(s.getAvailableReplicas()).isEqualTo(3);
        assertThat(s.getUnavailableReplicas()).isEqualTo(2);
        assertThat(s.getObservedGeneration()).isEqualTo(1);
        assertThat(DeploymentConditions.get(s, "Available").orElseThrow().getStatus()).isEqualTo("True");
    }

    @Test
    void aRolloutWithoutProgressTimesOutAfterTheDeadline() {
        Deployment d = Sets.rolling(2, 1, 0);
        d.getSpec().setProgressDeadlineSeconds(60);
        ReplicaSet fresh = Sets.set("new", 1, 0, 1);
        d.setStatus(DeploymentStatusPlanner.rollout(d, List.of(fresh), fresh, clock.now()));
        assertThat(DeploymentConditions.get(d.getStatus(), "Progressing").orElseThrow().getReason())
                .isEqualTo("ReplicaSetUpdated");
        assertThat(DeploymentStatusPlanner.recheckAfter(d, d.getStatus(), clock.now()))
                .contains(Duration.ofSeconds(61));

        clock.advance(Duration.ofSeconds(59));
        d.setStatus(DeploymentStatusPlanner.rollout(d, List.of(fresh), fresh, clock.now()));
        assertThat(DeploymentConditions.get(d.getStatus(), "Progressing").orElseThrow().getReason())
                .isEqualTo("ReplicaSetUpdated");

        clock.advance(Duration.ofSeconds(2));
        d.setStatus(DeploymentStatusPlanner.rollout(d, List.of(fresh), fresh, clock.now()));
        var progressing = DeploymentConditions.get(d.getStatus(), "Progressing").orElseThrow();
        assertThat(progressing.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(progressing.getStatus()).isEqualTo("False");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"new\" has timed out progressing.");
    }

    @Test
    void aCompleteRolloutSaysTheNewSetSuccessfullyProgressed() {
        Deployment d = Sets.rolling(2, 1, 0);
        ReplicaSet fresh = Sets.set("new", 2, 2, 1);

        DeploymentStatus s = DeploymentStatusPlanner.rollout(d, List.of(fresh), fresh, clock.now());

        var progressing = DeploymentConditions.get(s, "Progressing").orElseThrow();
        assertThat(progressing.getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(progressing.getMessage()).isEqualTo("ReplicaSet \"new\" has successfully progressed.");
        assertThat(DeploymentStatusPlanner.recheckAfter(d, s, clock.now())).isEmpty();
    }
}
