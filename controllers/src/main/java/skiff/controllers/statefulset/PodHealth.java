package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.Optional;

/** What the StatefulSet controller reads from a pod's status (k/k stateful_set_utils.go and podutil). */
final class PodHealth {
    private PodHealth() {}

    /** k/k stateful_set_utils.go isCreated: the API server gave it a phase, so it exists. */
    static boolean isCreated(Pod pod) {
        return !phase(pod).isEmpty();
    }

    static boolean isPending(Pod pod) {
        return phase(pod).equals("Pending");
    }

    static boolean isFailed(Pod pod) {
        return phase(pod).equals("Failed");
    }

    static boolean isSucceeded(Pod pod) {
        return phase(pod).equals("Succeeded");
    }

    static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isRunningAndReady(Pod pod) {
        return phase(pod).equals("Running") && ready(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /**
     * k/k pkg/api/v1/pod/util.go IsPodAvailable: ready, and for more than minReadySeconds when that is set (the
     * Ready condition's transition time is when it became ready).
     */
    static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isRunningAndReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        return readySince(pod).map(t -> t.plusSeconds(minReadySeconds).isBefore(now)).orElse(false);
    }

    /** k/k stateful_set_utils.go isHealthy: running, ready and not being deleted. */
    static boolean isHealthy(Pod pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }

    /** k/k stateful_set_utils.go isUnavailable: not available yet, or on its way out. */
    static boolean isUnavailable(Pod pod, int minReadySeconds, Instant now) {
        return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
    }

    static Optional<Instant> readySince(Pod pod) {
        return ready(pod).map(PodCondition::getLastTransitionTime).filter(t -> t != null && !t.isEmpty())
                .map(Instant::parse);
    }

    private static Optional<PodCondition> ready(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }
}
