package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
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

    synchronized void nominate(Pod pod, String node) {
        byUid.put(pod.getMetadata().getUid(), new Nominated(pod, node));
    }

    synchronized void remove(String uid) {
        byUid.remove(uid);
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
            byUid.remove(uid);
        } else {
            byUid.put(uid, new Nominated(pod, node));
        }
    }

    synchronized Optional<String> nodeOf(String uid) {
        Nominated n = byUid.get(uid);
        return n == null ? Optional.empty() : Optional.of(n.node());
    }

    @Override
    public synchronized List<Pod> on(String node) {
        List<Pod> pods = new ArrayList<>();
        for (Nominated n : byUid.values()) {
            if (n.node().equals(node)) {
                pods.add(n.pod());
            }
        }
        return pods;
    }

    static String nominatedNodeName(Pod pod) {
        String n = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        return n == null ? "" : n;
    }
}
