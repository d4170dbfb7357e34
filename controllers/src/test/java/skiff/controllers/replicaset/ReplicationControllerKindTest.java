package skiff.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicationControllerKindTest {
    private final ReplicationController rc = new ReplicationControllerBuilder()
            .withNewMetadata().withName("web").withNamespace("default").endMetadata()
            .withNewSpec().withReplicas(3).withMinReadySeconds(5).withSelector(Map.of("app", "web"))
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata().endTemplate()
            .endSpec()
            .withNewStatus().withReplicas(3).withFullyLabeledReplicas(2).withReadyReplicas(1)
                .withAvailableReplicas(1).withObservedGeneration(7L)
                .addNewCondition().withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
                    .withMessage("pods \"web-x\" is forbidden").withLastTransitionTime("2026-01-01T00:00:00Z")
                .endCondition()
            .endStatus()
            .build();

    @Test
    void aControllersStatusReadsAsTheReplicaSetStatusWithEveryField() {
        ReplicaSet rs = ReplicationControllerKind.INSTANCE.toReplicaSet(rc);

        ReplicaSetStatus status = rs.getStatus();
        assertThat(status.getReplicas()).isEqualTo(3);
        assertThat(status.getFullyLabeledReplicas()).isEqualTo(2);
        assertThat(status.getReadyReplicas()).isEqualTo(1);
        assertThat(status.getAvailableReplicas()).isEqualTo(1);
        assertThat(status.getObservedGeneration()).isEqualTo(7L);
        assertThat(status.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("ReplicaFailure");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("FailedCreate");
            assertThat(c.getMessage()).isEqualTo("pods \"web-x\" is forbidden");
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
        });
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web");
        assertThat(rs.getSpec().getMinReadySeconds()).isEqualTo(5);
    }

    @Test
    void aControllerWithoutStatusHasNoneAsAReplicaSet() {
        ReplicationController fresh = new ReplicationControllerBuilder(rc).withStatus(null).build();

        assertThat(ReplicationControllerKind.INSTANCE.toReplicaSet(fresh).getStatus()).isNull();
    }

    @Test
    void aReplicaSetStatusConvertsBackUnchanged() {
        ReplicaSetStatus status = ReplicationControllerKind.INSTANCE.toReplicaSet(rc).getStatus();

        assertThat(ReplicationControllerKind.toControllerStatus(status)).isEqualTo(rc.getStatus());
    }
}
