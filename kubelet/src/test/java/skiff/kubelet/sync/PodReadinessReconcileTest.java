package skiff.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.junit.jupiter.api.Test;

/** When a status-only update of a pod still needs a sync: its readiness gates changed (NeedToReconcilePodReadiness). */
class PodReadinessReconcileTest {
    private static final String GATE = "example.com/lb";
    private static final String GATE_MISSING =
            "corresponding condition of pod readiness gate \"" + GATE + "\" does not exist.";

    /** A running pod whose container is ready, the kubelet's Ready condition as given. */
    private static PodBuilder running(boolean gated, String ready, String message) {
        PodBuilder b = new PodBuilder(TestPods.pod()).editStatus().withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withReady(true).build())
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus(ready).withMessage(message)
                        .build())
                .endStatus();
        return gated ? b.editSpec().addNewReadinessGate().withConditionType(GATE).endReadinessGate().endSpec() : b;
    }

    @Test
    void aPodWithoutReadinessGatesNeverNeedsIt() {
        Pod pod = running(false, "False", "anything").build();

        assertThat(PodConditions.readyOutdated(pod)).isFalse();
    }

    @Test
    void aGateConditionSetToTrueNeedsASync() {
        Pod pod = running(true, "False", GATE_MISSING).editStatus().addToConditions(new PodConditionBuilder()
                .withType(GATE).withStatus("True").build()).endStatus().build();

        assertThat(PodConditions.readyOutdated(pod)).isTrue();
    }

    @Test
    void aReadyConditionThatMatchesItsGatesNeedsNothing() {
        Pod stillMissing = running(true, "False", GATE_MISSING).build();
        Pod passed = running(true, "True", null).editStatus().addToConditions(new PodConditionBuilder()
                .withType(GATE).withStatus("True").build()).endStatus().build();

        assertThat(PodConditions.readyOutdated(stillMissing)).isFalse();
        assertThat(PodConditions.readyOutdated(passed)).isFalse();
    }

    @Test
    void aGateTurnedFalseNeedsASync() {
        Pod pod = running(true, "True", null).editStatus().addToConditions(new PodConditionBuilder()
                .withType(GATE).withStatus("False").build()).endStatus().build();

        assertThat(PodConditions.readyOutdated(pod)).isTrue();
    }

    @Test
    void aPodWithoutAReadyConditionYetNeedsNothing() {
        Pod pod = new PodBuilder(TestPods.pod()).editSpec().addNewReadinessGate().withConditionType(GATE)
                .endReadinessGate().endSpec().build();

        assertThat(PodConditions.readyOutdated(pod)).isFalse();
    }
}
