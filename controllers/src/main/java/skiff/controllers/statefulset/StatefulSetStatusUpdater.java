package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;

/**
 * Writes a StatefulSet's status through the status subresource when it changed (k/k
 * stateful_set_status_updater.go: on a conflict, read the set again and retry).
 */
final class StatefulSetStatusUpdater {
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;

    StatefulSetStatusUpdater(KubernetesClient client) {
        this.client = client;
    }

    void update(StatefulSet set, StatefulSetStatus status) {
        if (!inconsistent(set.getStatus(), status)) {
            return;
        }
        StatefulSet target = set;
        for (int attempt = 1; ; attempt++) {
            try {
                client.apps().statefulSets().inNamespace(target.getMetadata().getNamespace())
                        .resource(new StatefulSetBuilder(target).withStatus(status).build()).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
                target = client.apps().statefulSets().inNamespace(set.getMetadata().getNamespace())
                        .withName(set.getMetadata().getName()).get();
                if (target == null) {
                    return;
                }
            }
        }
    }

    // k/k stateful_set_control.go inconsistentStatus: any counter, revision or the observed generation differs.
    static boolean inconsistent(StatefulSetStatus old, StatefulSetStatus status) {
        if (old == null) {
            return true;
        }
        return !Objects.equals(old.getObservedGeneration(), status.getObservedGeneration())
                || !Objects.equals(old.getReplicas(), status.getReplicas())
                || !Objects.equals(old.getCurrentReplicas(), status.getCurrentReplicas())
                || !Objects.equals(old.getReadyReplicas(), status.getReadyReplicas())
                || !Objects.equals(old.getUpdatedReplicas(), status.getUpdatedReplicas())
                || !Objects.equals(old.getAvailableReplicas(), status.getAvailableReplicas())
                || !Objects.equals(old.getCurrentRevision(), status.getCurrentRevision())
                || !Objects.equals(old.getUpdateRevision(), status.getUpdateRevision())
                || !Objects.equals(old.getCollisionCount(), status.getCollisionCount());
    }
}
