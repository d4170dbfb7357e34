package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of a rolling update, without I/O: how big the new replica set may grow and which old replica sets
 * shrink by how much, within maxSurge and maxUnavailable (k/k pkg/controller/deployment/rolling.go and
 * deployment_util.go NewRSNewReplicas).
 */
final class RollingUpdatePlanner {
    private RollingUpdatePlanner() {}

    /**
     * The new replica set's next size (k/k deployment_util.go NewRSNewReplicas): with Recreate, all replicas at
     * once; with RollingUpdate, grow only while all sets together stay within replicas + maxSurge.
     */
    static int newReplicaSetReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
        int replicas = DeploymentSpecs.replicas(d);
        if (!DeploymentSpecs.isRollingUpdate(d)) {
            return replicas;
        }
        int current = ReplicaSetCounts.specReplicas(newRs);
        int maxTotal = replicas + RolloutBounds.of(d).maxSurge();
        int podCount = ReplicaSetCounts.spec(all);
        if (podCount >= maxTotal) {
            return current;
        }
        return current + Math.min(maxTotal - podCount, replicas - current);
    }

    /**
     * How many old pods may go at most this round (k/k rolling.go reconcileOldReplicaSets): all pods, less the
     * minimum that must stay available, less the new set's pods that are not available yet. Zero or less means
     * none.
     */
    static int maxScaledDown(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
        int minAvailable = DeploymentSpecs.replicas(d) - RolloutBounds.of(d).maxUnavailable();
        int newUnavailable = ReplicaSetCounts.specReplicas(newRs) - ReplicaSetCounts.available(newRs);
        return ReplicaSetCounts.spec(all) - minAvailable - newUnavailable;
    }

    /**
     * Sizes for old sets whose pods are not all available, shrunk first and by no more than {@code maxCleanup}
     * pods in total, oldest first (k/k rolling.go cleanupUnhealthyReplicas). Unchanged sets are absent.
     */
    static Map<String, Integer> cleanupUnhealthy(List<ReplicaSet> oldRss, int maxCleanup) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int total = 0;
        for (ReplicaSet rs : sorted(oldRss)) {
            if (total >= maxCleanup) {
                break;
            }
            int spec = ReplicaSetCounts.specReplicas(rs);
            int unhealthy = spec - ReplicaSetCounts.available(rs);
            if (spec == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxCleanup - total, unhealthy);
            sizes.put(rs.getMetadata().getName(), spec - down);
            total += down;
        }
        return sizes;
    }

    /**
     * Sizes for old sets shrunk while the available pods of all sets stay at least replicas - maxUnavailable,
     * oldest first (k/k rolling.go scaleDownOldReplicaSetsForRollingUpdate). Unchanged sets are absent.
     */
    static Map<String, Integer> scaleDownOld(Deployment d, List<ReplicaSet> all, List<ReplicaSet> oldRss) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int minAvailable = DeploymentSpecs.replicas(d) - RolloutBounds.of(d).maxUnavailable();
        int available = ReplicaSetCounts.available(all);
        if (available <= minAvailable) {
            return sizes;
        }
        int toScaleDown = available - minAvailable;
        int total = 0;
        for (ReplicaSet rs : sorted(oldRss)) {
            if (total >= toScaleDown) {
                break;
            }
            int spec = ReplicaSetCounts.specReplicas(rs);
            if (spec == 0) {
                continue;
            }
            int down = Math.min(spec, toScaleDown - total);
            sizes.put(rs.getMetadata().getName(), spec - down);
            total += down;
        }
        return sizes;
    }

    private static List<ReplicaSet> sorted(List<ReplicaSet> sets) {
        List<ReplicaSet> copy = new ArrayList<>(sets);
        copy.sort(ReplicaSetOrder.OLDEST_FIRST);
        return copy;
    }
}
