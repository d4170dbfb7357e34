package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skiff.client.pods.PodReadiness;

/** A daemon set's status from the nodes and its pods (k/k daemon_controller.go updateDaemonSetStatus). */
final class DaemonSetStatusPlanner {
    private DaemonSetStatusPlanner() {}

    /**
     * Per eligible node the oldest daemon pod counts: scheduled, ready, available, updated; a pod on a node that
     * should not run one is misscheduled.
     *
     * @param observeGeneration whether this sync acted on the current spec (false while waiting on expectations)
     */
    static DaemonSetStatus plan(DaemonSet ds, List<Node> nodes, Map<String, List<Pod>> nodeToPods, String hash,
            boolean observeGeneration, Instant now) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (Node node : nodes) {
            boolean shouldRun = NodeEligibility.of(node, ds).shouldRun();
            List<Pod> pods = nodeToPods.getOrDefault(node.getMetadata().getName(), List.of());
            boolean scheduled = !pods.isEmpty();
            if (!shouldRun) {
                if (scheduled) {
                    misscheduled++;
                }
                continue;
            }
            desired++;
            if (!scheduled) {
                continue;
            }
            current++;
            List<Pod> sorted = new ArrayList<>(pods);
            sorted.sort(DaemonPodOrder.OLDEST_FIRST);
            Pod pod = sorted.getFirst();
            if (PodReadiness.isReady(pod)) {
                ready++;
                if (PodReadiness.isAvailable(pod, DaemonSetSpecs.minReadySeconds(ds), now)) {
                    available++;
                }
            }
            if (DaemonPods.isUpdated(pod, hash, ds)) {
                updated++;
            }
        }
        DaemonSetStatus old = ds.getStatus() == null ? new DaemonSetStatus() : ds.getStatus();
        long generation = ds.getMetadata().getGeneration() == null ? 0 : ds.getMetadata().getGeneration();
        return new DaemonSetStatusBuilder(old)
                .withObservedGeneration(observeGeneration ? Long.valueOf(generation) : old.getObservedGeneration())
                .withDesiredNumberScheduled(desired)
                .withCurrentNumberScheduled(current)
                .withNumberMisscheduled(misscheduled)
                .withNumberReady(ready)
                .withNumberAvailable(available)
                .withUpdatedNumberScheduled(updated)
                .withNumberUnavailable(desired - available)
                .build();
    }
}
