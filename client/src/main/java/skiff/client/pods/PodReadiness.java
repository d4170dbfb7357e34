package skiff.client.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a pod counts as active, ready and available: the one reading every component shares (workload controllers,
 * the simulator), so that they agree on every pod and at the minReadySeconds boundary.
 */
public final class PodReadiness {
    private PodReadiness() {}

    // k/k pkg/controller/controller_utils.go IsPodActive: not Succeeded, not Failed, not being deleted.
    public static boolean isActive(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase)
                && pod.getMetadata().getDeletionTimestamp() == null;
    }

    // k/k pkg/api/v1/pod/util.go IsPodReady: the Ready condition is True.
    public static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** When a ready pod became ready (its Ready condition's last transition); empty if not ready or unknown. */
    public static Optional<Instant> readySince(Pod pod) {
        if (!isReady(pod)) {
            return Optional.empty();
        }
        return readyCondition(pod).map(PodCondition::getLastTransitionTime).filter(t -> !t.isEmpty())
                .map(Instant::parse);
    }

    // k/k pkg/api/v1/pod/util.go (1.32) IsPodAvailable: ready, and with minReadySeconds, ready since a time that plus
    // minReadySeconds is strictly before now (a pod exactly minReadySeconds ready is not available yet).
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        return readySince(pod).map(since -> since.plus(Duration.ofSeconds(minReadySeconds)).isBefore(now))
                .orElse(false);
    }

    private static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }
}
