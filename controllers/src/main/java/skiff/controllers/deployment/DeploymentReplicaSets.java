package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A deployment's replica sets split into the one whose template is the deployment's (may be null) and the others.
 */
record DeploymentReplicaSets(ReplicaSet newRs, List<ReplicaSet> old) {

    /** The old sets followed by the new one, when there is one. */
    List<ReplicaSet> all() {
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        return all;
    }

    /** k/k controller_utils.go FilterActiveReplicaSets: the sets asked to run at least one pod. */
    static List<ReplicaSet> active(List<ReplicaSet> sets) {
        return sets.stream().filter(Objects::nonNull).filter(rs -> ReplicaSetCounts.specReplicas(rs) > 0).toList();
    }
}
