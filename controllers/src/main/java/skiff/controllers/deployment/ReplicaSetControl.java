package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;

/** The deployment controller's writes to replica sets, each with the Event Kubernetes records for it. */
final class ReplicaSetControl {
    static final String SCALING_REPLICA_SET = "ScalingReplicaSet";
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetControl.class);

    private final KubernetesClient client;
    private final EventRecorder events;

    ReplicaSetControl(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    ReplicaSet create(ReplicaSet rs) {
        return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).create();
    }

    /** A direct read, for when the cache may lag behind a conflict the API just reported. */
    ReplicaSet get(String namespace, String name) {
        return client.apps().replicaSets().inNamespace(namespace).withName(name).get();
    }

    ReplicaSet update(ReplicaSet rs) {
        return client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).update();
    }

    void delete(ReplicaSet rs) {
        LOG.info("deployment replicaset={}/{} deleted as old history", rs.getMetadata().getNamespace(),
                rs.getMetadata().getName());
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()).delete();
    }

    /** k/k sync.go scaleReplicaSetAndRecordEvent: scales when the size differs; returns the set as it now is. */
    ReplicaSet scale(ReplicaSet rs, int newScale, Deployment d) {
        int old = ReplicaSetCounts.specReplicas(rs);
        if (old == newScale) {
            return rs;
        }
        return scale(rs, newScale, d, old < newScale ? "up" : "down");
    }

    /**
     * k/k sync.go scaleReplicaSet: writes the new size together with the desired and max replicas annotations, and
     * records "Scaled up|down replica set X from A to B" when the size changed.
     */
    ReplicaSet scale(ReplicaSet rs, int newScale, Deployment d, String operation) {
        ReplicaSet copy = new ReplicaSetBuilder(rs).build();
        int replicas = DeploymentSpecs.replicas(d);
        boolean sizeChanged = ReplicaSetCounts.specReplicas(rs) != newScale;
        boolean annotationsChanged = RevisionAnnotations.setReplicasAnnotations(copy, replicas,
                replicas + RolloutBounds.of(d).maxSurge());
        if (!sizeChanged && !annotationsChanged) {
            return rs;
        }
        copy.getSpec().setReplicas(newScale);
        ReplicaSet updated = update(copy);
        if (sizeChanged) {
            events.event(d, EventRecorder.NORMAL, SCALING_REPLICA_SET, "Scaled %s replica set %s from %d to %d"
                    .formatted(operation, rs.getMetadata().getName(), ReplicaSetCounts.specReplicas(rs), newScale));
        }
        return updated;
    }
}
