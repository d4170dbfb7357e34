package skiff.controllers.statefulset;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import skiff.client.pods.PodReadiness;

/** What the StatefulSet controller reads from a pod (k/k stateful_set_utils.go); readiness is {@link PodReadiness}'s. */
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

    // k/k stateful_set_utils.go isRunningAndReady: phase Running and podutil.IsPodReady.
    static boolean isRunningAndReady(Pod pod) {
        return phase(pod).equals("Running") && PodReadiness.isReady(pod);
    }

    // k/k stateful_set_utils.go isRunningAndAvailable: phase Running and podutil.IsPodAvailable.
    static boolean isRunningAndAvailable(Pod pod, int minReadySeconds, Instant now) {
        return phase(pod).equals("Running") && PodReadiness.isAvailable(pod, minReadySeconds, now);
    }

    /** k/k stateful_set_utils.go isHealthy: running, ready and not being deleted. */
    static boolean isHealthy(Pod pod) {
        return isRunningAndReady(pod) && !isTerminating(pod);
    }

    /** k/k stateful_set_utils.go isUnavailable: not available yet, or on its way out. */
    static boolean isUnavailable(Pod pod, int minReadySeconds, Instant now) {
        return !isRunningAndAvailable(pod, minReadySeconds, now) || isTerminating(pod);
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }
}
