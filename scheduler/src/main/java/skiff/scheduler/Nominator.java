package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.scheduler.framework.NominatedPods;

/**
 * The pods nominated to nodes, by the scheduler's own preemption or by their status.nominatedNodeName
 * (k/k pkg/scheduler/backend/queue/nominator.go, 1.32). Pending pods only: a pod leaves once bound or deleted.
 * Thread-safe.
 */
final class Nominator implements NominatedPods {
    private record Nominated(Pod pod, String node) {}

    private final Map<String, Nominated> byUid = new HashMap<>();
    // Filters ask for every node of every attempt: an index keeps that cheap.
    private final Map<String, Map<String, Pod>> byNode = new HashMap<>();

    synchronized void nominate(Pod pod, String node) {
        remove(pod.getMetadata().getUid());
        byUid.put(pod.getMetadata().getUid(), new Nominated(pod, node));
        byNode.computeIfAbsent(node, n -> new LinkedHashMap<>()).put(pod.getMetadata().getUid(), pod);
    }

    synchronized void remove(String uid) {
        Nominated old = byUid.remove(uid);
        if (old != null) {
            Map<String, Pod> onNode = byNode.get(old.node());
            onNode.remove(uid);
            if (onNode.isEmpty()) {
                byNode.remove(old.node());
            }
        }
    }

    /** A pending pod added or changed; its status' nomination wins unless it had none before and none now. */
    // k/k nominator.go updateNominatedPodUnlocked: an update without the field keeps a nomination made in memory.
    synchronized void update(Pod old, Pod pod) {
        String uid = pod.getMetadata().getUid();
        String before = old == null ? "" : nominatedNodeName(old);
        String now = nominatedNodeName(pod);
        Nominated current = byUid.get(uid);
        String node = before.isEmpty() && now.isEmpty() && current != null ? current.node() : now;
        if (node.isEmpty()) {
            remove(uid);
        } else {
            nominate(pod, node);
        }
    }

    synchronized Optional<String> nodeOf(String uid) {
        Nominated n = byUid.get(uid);
        return n == null ? Optional.empty() : Optional.of(n.node());
    }

    @Override
    public synchronized List<Pod> on(String node) {
        Map<String, Pod> onNode = byNode.get(node);
        return onNode == null ? List.of() : List.copyOf(onNode.values());
    }

    static String nominatedNodeName(Pod pod) {
        String n = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        return n == null ? "" : n;
    }
}
