package skiff.controllers.daemon;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.client.pods.PodReadiness;

/**
 * Which old daemon pods to delete and which nodes get a new pod next in a rolling update, without I/O (k/k
 * pkg/controller/daemon/update.go rollingUpdate).
 *
 * @param podsToDelete names of pods to delete
 * @param nodesToCreate nodes to create an updated pod on (surge only)
 */
record DaemonSetRollingUpdatePlanner(List<String> podsToDelete, List<String> nodesToCreate) {

    /** The new and old pod on one node; absent when the node holds more than one of either. */
    record NodePods(Pod newPod, Pod oldPod) {
        /** k/k update.go findUpdatedPodsOnNode. */
        static Optional<NodePods> of(List<Pod> pods, String hash, DaemonSet ds) {
            Pod newPod = null;
            Pod oldPod = null;
            for (Pod pod : pods) {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                if (DaemonPods.isUpdated(pod, hash, ds)) {
                    if (newPod != null) {
                        return Optional.empty();
                    }
                    newPod = pod;
                } else {
                    if (oldPod != null) {
                        return Optional.empty();
                    }
                    oldPod = pod;
                }
            }
            return Optional.of(new NodePods(newPod, oldPod));
        }
    }

    /**
     * @param nodeToPods the daemon pods by node, with an empty list for every node that should run one
     */
    static DaemonSetRollingUpdatePlanner plan(DaemonSet ds, Map<String, List<Pod>> nodeToPods, String hash,
            DaemonSetSpecs.UpdateBudget budget, Instant now) {
        int minReady = DaemonSetSpecs.minReadySeconds(ds);
        if (budget.maxSurge() == 0) {
            return withoutSurge(ds, nodeToPods, hash, budget.maxUnavailable(), minReady, now);
        }
        return withSurge(ds, nodeToPods, hash, budget.maxSurge(), minReady, now);
    }

    /**
     * Delete old pods first: unavailable old pods always; available ones while fewer than maxUnavailable nodes lack
     * an available pod.
     */
    private static DaemonSetRollingUpdatePlanner withoutSurge(DaemonSet ds, Map<String, List<Pod>> nodeToPods,
            String hash, int maxUnavailable, int minReady, Instant now) {
        int unavailable = 0;
        List<String> replaceUnavailable = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<String, List<Pod>> e : sortedByNode(nodeToPods)) {
            Optional<NodePods> found = NodePods.of(e.getValue(), hash, ds);
            if (found.isEmpty()) {
                // The manage loop cleans this node up; it counts as unavailable.
                unavailable++;
                continue;
            }
            Pod newPod = found.get().newPod();
            Pod oldPod = found.get().oldPod();
            if ((newPod == null) == (oldPod == null)) {
                // Nothing there, or both: the manage loop creates or deletes.
                unavailable++;
            } else if (newPod != null) {
                if (!PodReadiness.isAvailable(newPod, minReady, now)) {
                    unavailable++;
                }
            } else if (!PodReadiness.isAvailable(oldPod, minReady, now)) {
                replaceUnavailable.add(oldPod.getMetadata().getName());
            } else if (unavailable < maxUnavailable) {
                candidates.add(oldPod.getMetadata().getName());
            }
        }
        int remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.size());
        List<String> delete = new ArrayList<>(replaceUnavailable);
        delete.addAll(candidates.subList(0, remaining));
        return new DaemonSetRollingUpdatePlanner(delete, List.of());
    }

    /**
     * Create new pods beside old ones first, on at most maxSurge nodes at once (at once where the old pod is not
     * available); delete an old pod once the new one beside it is available.
     */
    private static DaemonSetRollingUpdatePlanner withSurge(DaemonSet ds, Map<String, List<Pod>> nodeToPods,
            String hash, int maxSurge, int minReady, Instant now) {
        int surging = 0;
        List<String> delete = new ArrayList<>();
        List<String> allowedNew = new ArrayList<>();
        List<String> candidateNew = new ArrayList<>();
        for (Map.Entry<String, List<Pod>> e : sortedByNode(nodeToPods)) {
            Optional<NodePods> found = NodePods.of(e.getValue(), hash, ds);
            if (found.isEmpty()) {
                surging++;
                continue;
            }
            Pod newPod = found.get().newPod();
            Pod oldPod = found.get().oldPod();
            if (oldPod == null) {
                continue;
            }
            if (newPod == null) {
                if (!PodReadiness.isAvailable(oldPod, minReady, now)) {
                    allowedNew.add(e.getKey());
                } else if (surging < maxSurge) {
                    candidateNew.add(e.getKey());
                }
            } else if (!PodReadiness.isAvailable(newPod, minReady, now)) {
                surging++;
            } else {
                delete.add(oldPod.getMetadata().getName());
            }
        }
        int remaining = Math.min(Math.max(0, maxSurge - surging), candidateNew.size());
        List<String> create = new ArrayList<>(allowedNew);
        create.addAll(candidateNew.subList(0, remaining));
        return new DaemonSetRollingUpdatePlanner(delete, create);
    }

    private static List<Map.Entry<String, List<Pod>>> sortedByNode(Map<String, List<Pod>> nodeToPods) {
        return nodeToPods.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
    }
}
