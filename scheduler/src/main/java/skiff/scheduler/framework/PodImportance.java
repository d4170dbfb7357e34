package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;

/**
 * How preemption ranks pods (k/k pkg/scheduler/util/utils.go MoreImportantPod and GetPodStartTime, 1.32): higher
 * spec.priority first (absent counts as 0), then the one that started earlier; a pod without status.startTime
 * counts as starting now.
 */
public final class PodImportance {
    private PodImportance() {}

    public static int priority(Pod pod) {
        Integer p = pod.getSpec().getPriority();
        return p == null ? 0 : p;
    }

    public static Instant startTime(Pod pod, Instant now) {
        String started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
        return started == null ? now : Instant.parse(started);
    }

    /** Most important first. */
    public static Comparator<Pod> moreImportantFirst(Instant now) {
        return Comparator.comparingInt(PodImportance::priority).reversed()
                .thenComparing(p -> startTime(p, now));
    }
}
