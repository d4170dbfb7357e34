package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.Optional;

/** Whether a pod is ready, and available: ready for at least minReadySeconds (k/k pkg/api/v1/pod/util.go). */
final class PodAvailability {
    private PodAvailability() {}

    static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** k/k pod/util.go IsPodAvailable: ready, and with minReadySeconds, ready since more than that long ago. */
    static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds == 0) {
            return true;
        }
        String since = readyCondition(pod).get().getLastTransitionTime();
        return since != null && Instant.parse(since).plusSeconds(minReadySeconds).isBefore(now);
    }

    private static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }
}
