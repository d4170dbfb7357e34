package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** core/v1 ReplicationControllers, converted to and from ReplicaSets (k/k pkg/controller/replication/conversion.go). */
final class ReplicationControllerKind implements ReplicaSetKind<ReplicationController> {
    static final ReplicationControllerKind INSTANCE = new ReplicationControllerKind();
    private static final KubernetesSerialization STATUSES = new KubernetesSerialization();

    private ReplicationControllerKind() {}

    @Override
    public String controllerName() {
        return "replicationcontroller";
    }

    @Override
    public String kind() {
        return "ReplicationController";
    }

    @Override
    public Class<ReplicationController> type() {
        return ReplicationController.class;
    }

    @Override
    public ReplicaSet toReplicaSet(ReplicationController rc) {
        ReplicaSetBuilder rs = new ReplicaSetBuilder()
                .withApiVersion("v1")
                .withKind("ReplicationController")
                .withMetadata(rc.getMetadata())
                .withNewSpec()
                    .withReplicas(rc.getSpec().getReplicas())
                    .withMinReadySeconds(rc.getSpec().getMinReadySeconds())
                    .withNewSelector().withMatchLabels(rc.getSpec().getSelector()).endSelector()
                    .withTemplate(rc.getSpec().getTemplate())
                .endSpec();
        if (rc.getStatus() != null) {
            rs.withStatus(toReplicaSetStatus(rc.getStatus()));
        }
        return rs.build();
    }

    @Override
    public ReplicaSet fetch(KubernetesClient client, String namespace, String name) {
        ReplicationController rc = client.replicationControllers().inNamespace(namespace).withName(name).get();
        return rc == null ? null : toReplicaSet(rc);
    }

    @Override
    public void writeStatus(KubernetesClient client, ReplicaSet rs, ReplicaSetStatus status) {
        ReplicationController rc = new ReplicationControllerBuilder()
                .withApiVersion("v1")
                .withKind("ReplicationController")
                .withMetadata(rs.getMetadata())
                .withNewSpec()
                    .withReplicas(rs.getSpec().getReplicas())
                    .withMinReadySeconds(rs.getSpec().getMinReadySeconds())
                    .withSelector(rs.getSpec().getSelector().getMatchLabels())
                    .withTemplate(rs.getSpec().getTemplate())
                .endSpec()
                .withStatus(toControllerStatus(status))
                .build();
        client.replicationControllers().inNamespace(rs.getMetadata().getNamespace()).resource(rc).updateStatus();
    }

    // k/k pkg/controller/replication/conversion.go copies the status field by field: both kinds' statuses have the
    // same fields (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration and
    // conditions of type, status, reason, message and lastTransitionTime) under the same JSON names.
    private static ReplicaSetStatus toReplicaSetStatus(ReplicationControllerStatus status) {
        return STATUSES.convertValue(status, ReplicaSetStatus.class);
    }

    static ReplicationControllerStatus toControllerStatus(ReplicaSetStatus status) {
        return STATUSES.convertValue(status, ReplicationControllerStatus.class);
    }
}
