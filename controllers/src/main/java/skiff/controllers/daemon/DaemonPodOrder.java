package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;

/** k/k daemon_controller.go podByCreationTimestampAndPhase: oldest first; at equal times, running before not. */
final class DaemonPodOrder {
    private DaemonPodOrder() {}

    static final Comparator<Pod> OLDEST_FIRST = Comparator
            .comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH
                    : Instant.parse(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getStatus() == null || !"Running".equals(p.getStatus().getPhase()))
            .thenComparing(p -> p.getMetadata().getName());
}
