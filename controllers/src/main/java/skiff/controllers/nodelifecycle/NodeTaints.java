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
import java.util.Optional;

/**
 * The taints the node lifecycle controller manages (k/k node_lifecycle_controller.go): the NoSchedule taints that
 * follow a node's conditions (doNoScheduleTaintingPass, TaintNodesByCondition), and the NoExecute taints of
 * taint-based eviction, which {@link NoExecuteTainter} adds at a rate-limited pace. Taints of other keys and effects
 * are left as they are.
 */
final class NodeTaints {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    static final String NO_EXECUTE = "NoExecute";
    private static final String NO_SCHEDULE = "NoSchedule";
    // k/k node_lifecycle_controller.go nodeConditionToTaintKeyStatusMap: a condition in this status taints NoSchedule.
    private static final Map<String, Map<String, String>> CONDITION_TAINTS = conditionTaints();

    private NodeTaints() {}

    private static Map<String, Map<String, String>> conditionTaints() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("Ready", Map.of("False", NOT_READY, "Unknown", UNREACHABLE));
        m.put("MemoryPressure", Map.of("True", "node.kubernetes.io/memory-pressure"));
        m.put("DiskPressure", Map.of("True", "node.kubernetes.io/disk-pressure"));
        m.put("NetworkUnavailable", Map.of("True", "node.kubernetes.io/network-unavailable"));
        m.put("PIDPressure", Map.of("True", "node.kubernetes.io/pid-pressure"));
        return m;
    }

    /** The node's taints with the NoSchedule ones its conditions call for, and no others of their keys. */
    static List<Taint> withConditionTaints(Node node) {
        List<Taint> wanted = new ArrayList<>();
        CONDITION_TAINTS.forEach((type, statusToKey) -> NodeConditions.find(node, type)
                .map(c -> statusToKey.get(c.getStatus()))
                .ifPresent(key -> wanted.add(taint(key, NO_SCHEDULE, null))));
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            wanted.add(taint(UNSCHEDULABLE, NO_SCHEDULE, null));
        }
        List<Taint> result = new ArrayList<>();
        for (Taint t : taints(node)) {
            if (!(NO_SCHEDULE.equals(t.getEffect()) && conditionKey(t.getKey()))) {
                result.add(t);
            }
        }
        for (Taint w : wanted) {
            result.add(find(node, w.getKey(), NO_SCHEDULE).orElse(w));
        }
        return result;
    }

    /**
     * The node's taints with the NoExecute taint of taint-based eviction set to {@code key} ({@link #NOT_READY} or
     * {@link #UNREACHABLE}, the two exclude each other as the Ready condition's values do), or to neither when
     * {@code key} is null. A new taint is stamped with {@code now}, from which evictions count; a kept one keeps its
     * time.
     */
    static List<Taint> withNoExecute(Node node, String key, Instant now) {
        List<Taint> result = new ArrayList<>();
        for (Taint t : taints(node)) {
            boolean evictionTaint = NO_EXECUTE.equals(t.getEffect())
                    && (NOT_READY.equals(t.getKey()) || UNREACHABLE.equals(t.getKey()));
            if (!evictionTaint || t.getKey().equals(key)) {
                result.add(t);
            }
        }
        if (key != null && find(node, key, NO_EXECUTE).isEmpty()) {
            result.add(taint(key, NO_EXECUTE, now.truncatedTo(ChronoUnit.SECONDS).toString()));
        }
        return result;
    }

    /** The NoExecute taint of taint-based eviction a node's Ready condition status calls for, or null for none. */
    static String noExecuteKeyFor(String readyStatus) {
        return switch (readyStatus) {
            case "False" -> NOT_READY;
            case "Unknown" -> UNREACHABLE;
            default -> null;
        };
    }

    static boolean has(Node node, String key, String effect) {
        return find(node, key, effect).isPresent();
    }

    static boolean sameSet(List<Taint> a, List<Taint> b) {
        return a.size() == b.size() && a.stream().allMatch(x -> b.stream().anyMatch(y -> sameTaint(x, y)));
    }

    static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    private static Optional<Taint> find(Node node, String key, String effect) {
        return taints(node).stream().filter(t -> key.equals(t.getKey()) && effect.equals(t.getEffect())).findFirst();
    }

    private static boolean conditionKey(String key) {
        return UNSCHEDULABLE.equals(key) || CONDITION_TAINTS.values().stream().anyMatch(v -> v.containsValue(key));
    }

    private static boolean sameTaint(Taint a, Taint b) {
        return a.getKey().equals(b.getKey()) && a.getEffect().equals(b.getEffect());
    }

    private static Taint taint(String key, String effect, String timeAdded) {
        return new TaintBuilder().withKey(key).withEffect(effect).withTimeAdded(timeAdded).build();
    }
}
