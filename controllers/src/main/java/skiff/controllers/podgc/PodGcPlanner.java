package skiff.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which pods the pod garbage collector deletes in one pass (k/k pkg/controller/podgc/gc_controller.go, 1.32), read
 * from the informers' pods and nodes; the deleting is {@link PodGcSync}'s.
 */
final class PodGcPlanner {
    static final String OUT_OF_SERVICE_TAINT = "node.kubernetes.io/out-of-service";

    // gc_controller.go byEvictionAndCreationTimestamp: evicted pods first, then oldest first, then by name.
    static final Comparator<Pod> DELETION_ORDER = Comparator.comparing((Pod p) -> !isEvicted(p))
            .thenComparing(p -> p.getMetadata().getCreationTimestamp() == null ? Instant.MIN
                    : Instant.parse(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName());

    private PodGcPlanner() {}

    // gc_controller.go gcTerminated: with a positive threshold, the terminated pods beyond it, in deletion order.
    static List<Pod> terminatedBeyondThreshold(List<Pod> pods, int threshold) {
        if (threshold <= 0) {
            return List.of();
        }
        List<Pod> terminated = pods.stream().filter(PodGcPlanner::isTerminated).toList();
        int excess = terminated.size() - threshold;
        if (excess <= 0) {
            return List.of();
        }
        return terminated.stream().sorted(DELETION_ORDER).limit(excess).toList();
    }

    // gc_controller.go gcTerminating: terminating pods on a known node that is not Ready and has the out-of-service
    // taint, in deletion order.
    static List<Pod> terminatingOnOutOfServiceNodes(List<Pod> pods, Map<String, Node> nodes) {
        return pods.stream().filter(PodGcPlanner::isTerminating).filter(p -> {
            Node node = nodes.get(nodeName(p));
            return node != null && !isReady(node) && hasOutOfServiceTaint(node);
        }).sorted(DELETION_ORDER).toList();
    }

    // gc_controller.go gcOrphaned: the nodes pods are bound to that the informer does not know; they are quarantined
    // before the API is asked whether they are really gone.
    static Set<String> unknownNodes(List<Pod> pods, Set<String> knownNodes) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Pod pod : pods) {
            String node = nodeName(pod);
            if (!node.isEmpty() && !knownNodes.contains(node)) {
                unknown.add(node);
            }
        }
        return unknown;
    }

    // gc_controller.go gcOrphaned: the pods bound to a node confirmed deleted.
    static List<Pod> orphaned(List<Pod> pods, Set<String> deletedNodes) {
        return pods.stream().filter(p -> deletedNodes.contains(nodeName(p))).toList();
    }

    // gc_controller.go gcUnscheduledTerminating: terminating pods never bound to a node.
    static List<Pod> unscheduledTerminating(List<Pod> pods) {
        return pods.stream().filter(p -> isTerminating(p) && nodeName(p).isEmpty()).toList();
    }

    // gc_controller.go isPodTerminated: any phase but Pending, Running and Unknown (an unset one too).
    static boolean isTerminated(Pod pod) {
        String phase = phase(pod);
        return !phase.equals("Pending") && !phase.equals("Running") && !phase.equals("Unknown");
    }

    /** gc_controller.go markFailedAndDeletePod: only a pod not yet Succeeded or Failed is marked Failed first. */
    static boolean needsFailedPhase(Pod pod) {
        String phase = phase(pod);
        return !phase.equals("Succeeded") && !phase.equals("Failed");
    }

    private static boolean isTerminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    // k/k pkg/kubelet/eviction PodIsEvicted: Failed with reason Evicted.
    private static boolean isEvicted(Pod pod) {
        return phase(pod).equals("Failed") && pod.getStatus() != null && "Evicted".equals(pod.getStatus().getReason());
    }

    // k/k pkg/util/node IsNodeReady: the Ready condition is True.
    private static boolean isReady(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean hasOutOfServiceTaint(Node node) {
        return node.getSpec() != null && node.getSpec().getTaints() != null && node.getSpec().getTaints().stream()
                .anyMatch(t -> OUT_OF_SERVICE_TAINT.equals(t.getKey()));
    }

    private static String nodeName(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }
}
