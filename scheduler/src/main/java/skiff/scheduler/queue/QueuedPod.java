package skiff.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;

/**
 * A pod waiting in the scheduling queue, with how often it has been tried (k/k pkg/scheduler/framework/types.go
 * QueuedPodInfo). {@code lastFailure} is the monotonic time of the last failed attempt, for the backoff;
 * {@code created} the pod's creation timestamp, read once since the active queue orders by it.
 */
public record QueuedPod(Pod pod, int attempts, long lastFailureNanos, Instant created) {
    public QueuedPod(Pod pod, int attempts, long lastFailureNanos) {
        this(pod, attempts, lastFailureNanos, createdOf(pod));
    }

    public String key() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    public String uid() {
        return pod.getMetadata().getUid();
    }

    int priority() {
        Integer p = pod.getSpec().getPriority();
        return p == null ? 0 : p;
    }

    private static Instant createdOf(Pod pod) {
        String ts = pod.getMetadata().getCreationTimestamp();
        return ts == null ? Instant.EPOCH : Instant.parse(ts);
    }

    QueuedPod withPod(Pod updated) {
        return new QueuedPod(updated, attempts, lastFailureNanos);
    }
}
