package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import skiff.client.pods.PodReadiness;

/** Orders scale-down candidates, the pod to delete first first, by the {@link DeletionCriterion}s in turn. */
final class PodDeletionRanking implements Comparator<RankedPod> {
    private final Instant now;

    PodDeletionRanking(Instant now) {
        this.now = now;
    }

    @Override
    public int compare(RankedPod a, RankedPod b) {
        return decidingCriterion(a, b).map(c -> c.compare(a, b, now)).orElse(0);
    }

    /** The first rule that tells the two pods apart, if any does. */
    Optional<DeletionCriterion> decidingCriterion(RankedPod a, RankedPod b) {
        return Arrays.stream(DeletionCriterion.values()).filter(c -> c.compare(a, b, now) != 0).findFirst();
    }

    /**
     * Ranks each candidate by the active related pods on its node (k/k pkg/controller/replicaset/replica_set.go
     * getPodsRankedByRelatedPodsOnSameNode); unscheduled pods share the empty node name.
     */
    static List<RankedPod> rank(List<Pod> candidates, List<Pod> related) {
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod pod : related) {
            if (PodReadiness.isActive(pod)) {
                perNode.merge(nodeName(pod), 1, Integer::sum);
            }
        }
        return candidates.stream().map(p -> new RankedPod(p, perNode.getOrDefault(nodeName(p), 0))).toList();
    }

    private static String nodeName(Pod pod) {
        return pod.getSpec() == null ? "" : Objects.requireNonNullElse(pod.getSpec().getNodeName(), "");
    }
}
