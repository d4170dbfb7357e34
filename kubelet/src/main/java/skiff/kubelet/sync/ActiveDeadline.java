package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code spec.activeDeadlineSeconds}: a pod active on its node, counted from its {@code status.startTime}, for longer
 * than that fails with reason {@code DeadlineExceeded}; the kubelet stops its containers with the pod's grace period
 * and records a Normal event (k/k 1.32 pkg/kubelet/active_deadline.go pastActiveDeadline and ShouldEvict, applied by
 * kubelet_pods.go generateAPIPodStatus).
 */
final class ActiveDeadline {
    static final String REASON = "DeadlineExceeded";
    static final String MESSAGE = "Pod was active on the node longer than the specified deadline";

    private ActiveDeadline() {}

    /** The time left until the deadline (zero once it has passed); empty without a deadline or a start time. */
    static Optional<Duration> remaining(Pod pod, Instant now) {
        Long seconds = pod.getSpec().getActiveDeadlineSeconds();
        String started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        if (seconds == null || started == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, Instant.parse(started).plusSeconds(seconds));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** The pod as the kubelet reports it once past its deadline: phase Failed, with the reason and message. */
    static Pod failed(Pod pod) {
        return new PodBuilder(pod).editOrNewStatus().withPhase("Failed").withReason(REASON).withMessage(MESSAGE)
                .endStatus().build();
    }
}
