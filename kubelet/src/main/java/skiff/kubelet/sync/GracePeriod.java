package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/** How long a pod's containers get between the stop signal and SIGKILL. */
public final class GracePeriod {
    /** The default {@code terminationGracePeriodSeconds} (k/k pkg/apis/core/v1/defaults.go). */
    public static final long DEFAULT_SECONDS = 30;
    /** k/k pkg/kubelet/kuberuntime/kuberuntime_container.go minimumGracePeriodInSeconds. */
    public static final Duration MINIMUM_AFTER_PRE_STOP = Duration.ofSeconds(2);

    private GracePeriod() {}

    // k/k pkg/kubelet/pod_workers.go calculateEffectiveGracePeriod: the deletion's grace period wins over the spec's
    // terminationGracePeriodSeconds, a zero one falls back to the spec's, and the result is at least 1 s.
    /** The grace period for stopping the whole pod. */
    public static Duration forPod(Pod pod) {
        Long deletion = pod.getMetadata().getDeletionGracePeriodSeconds();
        Long spec = pod.getSpec().getTerminationGracePeriodSeconds();
        long seconds = deletion != null && deletion > 0 ? deletion : spec == null ? DEFAULT_SECONDS : spec;
        return Duration.ofSeconds(Math.max(seconds, 1));
    }

    // k/k kuberuntime_container.go killContainer: what the preStop hook used comes off the grace period, but the
    // container always gets at least 2 s after the stop signal (the "one-off 2 second extension").
    /** What is left for the stop signal after a preStop hook that took {@code hookTook}. */
    public static Duration afterPreStop(Duration grace, Duration hookTook) {
        Duration left = grace.minus(hookTook);
        return left.compareTo(MINIMUM_AFTER_PRE_STOP) < 0 ? MINIMUM_AFTER_PRE_STOP : left;
    }
}
