package skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The taints a node's conditions call for (k/k node_lifecycle_controller.go doNoScheduleTaintingPass for
 * TaintNodesByCondition, and processTaintBaseEviction for the NoExecute taints of taint-based eviction). Taints of
 * other keys are left as they are.
 */
final class NodeTaints {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    // k/k node_lifecycle_controller.go nodeConditionToTaintKeyStatusMap: a condition in this status taints NoSchedule.
    private static final Map<String, String[]> CONDITION_TAINTS = conditionTaints();

    private NodeTaints() {}

    private static Map<String, String[]> conditionTaints() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("MemoryPressure", new String[] {"True", "node.kubernetes.io/memory-pressure"});
        m.put("DiskPressure", new String[] {"True", "node.kubernetes.io/disk-pressure"});
        m.put("NetworkUnavailable", new String[] {"True", "node.kubernetes.io/network-unavailable"});
        m.put("PIDPressure", new String[] {"True", "node.kubernetes.io/pid-pressure"});
        return m;
    }

    /** The node's taints with the managed ones brought in line with its conditions. */
    static List<Taint> desired(Node node, Instant now) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<Taint> wanted = new ArrayList<>();
        // k/k monitorNodeHealth: a node whose kubelet never posted Ready is left alone until its startup grace ends.
        String ready = NodeConditions.find(node, NodeConditions.READY).map(c -> c.getStatus()).orElse("");
        // NoSchedule: Ready False is not-ready, Ready Unknown is unreachable; pressure conditions; cordoned nodes.
        if ("False".equals(ready)) {
            wanted.add(taint(NOT_READY, "NoSchedule", null));
        } else if ("Unknown".equals(ready)) {
            wanted.add(taint(UNREACHABLE, "NoSchedule", null));
        }
        CONDITION_TAINTS.forEach((type, when) -> NodeConditions.find(node, type)
                .filter(c -> when[0].equals(c.getStatus()))
                .ifPresent(c -> wanted.add(taint(when[1], "NoSchedule", null))));
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(taint(UNSCHEDULABLE, "NoSchedule", null));
        }
        // NoExecute: the same two keys, stamped with the time they were added so that evictions can count from it.
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        if ("False".equals(ready)) {
            wanted.add(taint(NOT_READY, "NoExecute", stamp));
        } else if ("Unknown".equals(ready)) {
            wanted.add(taint(UNREACHABLE, "NoExecute", stamp));
        }
        List<Taint> result = new ArrayList<>();
        for (Taint t : current) {
            if (!managed(t.getKey())) {
                result.add(t);
            }
        }
        for (Taint w : wanted) {
            // A taint already there keeps its timeAdded.
            result.add(current.stream().filter(t -> sameTaint(t, w)).findFirst().orElse(w));
        }
        return result;
    }

    static boolean sameSet(List<Taint> a, List<Taint> b) {
        return a.size() == b.size() && a.stream().allMatch(x -> b.stream().anyMatch(y -> sameTaint(x, y)));
    }

    private static boolean managed(String key) {
        return NOT_READY.equals(key) || UNREACHABLE.equals(key) || UNSCHEDULABLE.equals(key)
                || CONDITION_TAINTS.values().stream().anyMatch(v -> v[1].equals(key));
    }

    private static boolean sameTaint(Taint a, Taint b) {
        return a.getKey().equals(b.getKey()) && a.getEffect().equals(b.getEffect());
    }

    private static Taint taint(String key, String effect, String timeAdded) {
        return new TaintBuilder().withKey(key).withEffect(effect).withTimeAdded(timeAdded).build();
    }
}
