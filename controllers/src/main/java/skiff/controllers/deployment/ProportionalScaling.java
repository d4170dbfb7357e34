package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Spreads a change of {@code spec.replicas} made in the middle of a rolling update over the active replica sets in
 * proportion to their sizes (k/k pkg/controller/deployment/sync.go scale and deployment_util.go GetProportion).
 *
 * @param sizes each active set's new size, by name, in the order to apply them
 * @param operation "up", "down" or "" for the ScalingReplicaSet events
 */
record ProportionalScaling(Map<String, Integer> sizes, String operation) {

    static ProportionalScaling plan(Deployment d, List<ReplicaSet> active, int deploymentStatusReplicas) {
        int replicas = DeploymentSpecs.replicas(d);
        int maxSurge = RolloutBounds.of(d).maxSurge();
        int allowed = replicas > 0 ? replicas + maxSurge : 0;
        int toAdd = allowed - ReplicaSetCounts.spec(active);
        List<ReplicaSet> order = new ArrayList<>(active);
        String operation = "";
        // Growing favours the newest of the largest sets, shrinking the oldest.
        if (toAdd > 0) {
            order.sort(ReplicaSetOrder.LARGEST_THEN_NEWEST);
            operation = "up";
        } else if (toAdd < 0) {
            order.sort(ReplicaSetOrder.LARGEST_THEN_OLDEST);
            operation = "down";
        }
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSet rs : order) {
            int proportion = toAdd == 0 ? 0 : proportion(rs, replicas, maxSurge, toAdd, added, deploymentStatusReplicas);
            sizes.put(rs.getMetadata().getName(), ReplicaSetCounts.specReplicas(rs) + proportion);
            added += proportion;
        }
        // The rounding leftovers go to the first (largest) set, which never drops below zero.
        if (!order.isEmpty() && toAdd != 0) {
            String first = order.getFirst().getMetadata().getName();
            sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
        }
        return new ProportionalScaling(sizes, operation);
    }

    /** k/k deployment_util.go GetProportion: the set's share of the change, bounded by what is left to add. */
    private static int proportion(ReplicaSet rs, int replicas, int maxSurge, int toAdd, int added,
            int deploymentStatusReplicas) {
        if (ReplicaSetCounts.specReplicas(rs) == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, replicas, maxSurge, deploymentStatusReplicas);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    /**
     * k/k deployment_util.go getReplicaSetFraction: the set's size scaled from the deployment size it was made for
     * (its max-replicas annotation, else the deployment's current replicas) to the new one, rounded half away from
     * zero, minus its size.
     */
    private static int fraction(ReplicaSet rs, int replicas, int maxSurge, int deploymentStatusReplicas) {
        int spec = ReplicaSetCounts.specReplicas(rs);
        if (replicas == 0) {
            return -spec;
        }
        int deploymentReplicas = replicas + maxSurge;
        OptionalInt annotated = RevisionAnnotations.intAnnotation(rs, RevisionAnnotations.MAX_REPLICAS);
        int base = annotated.isPresent() ? annotated.getAsInt() : deploymentStatusReplicas;
        if (base <= 0) {
            return 0;
        }
        double newSize = (double) spec * deploymentReplicas / base;
        return (int) Math.round(newSize) - spec;
    }
}
