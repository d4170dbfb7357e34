package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.util.Collection;
import java.util.Objects;
import java.util.function.ToIntFunction;

/** Sums over a deployment's replica sets (k/k deployment_util.go Get...ReplicaCountForReplicaSets). */
final class ReplicaSetCounts {
    private ReplicaSetCounts() {}

    static int specReplicas(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    static int statusReplicas(ReplicaSet rs) {
        return status(rs, ReplicaSetStatus::getReplicas);
    }

    static int available(ReplicaSet rs) {
        return status(rs, ReplicaSetStatus::getAvailableReplicas);
    }

    static int ready(ReplicaSet rs) {
        return status(rs, ReplicaSetStatus::getReadyReplicas);
    }

    private static int status(ReplicaSet rs, java.util.function.Function<ReplicaSetStatus, Integer> field) {
        if (rs.getStatus() == null) {
            return 0;
        }
        Integer v = field.apply(rs.getStatus());
        return v == null ? 0 : v;
    }

    /** The sum of {@code spec.replicas}. */
    static int spec(Collection<ReplicaSet> sets) {
        return sum(sets, ReplicaSetCounts::specReplicas);
    }

    /** The sum of {@code status.replicas}: pods that exist. */
    static int actual(Collection<ReplicaSet> sets) {
        return sum(sets, ReplicaSetCounts::statusReplicas);
    }

    static int available(Collection<ReplicaSet> sets) {
        return sum(sets, ReplicaSetCounts::available);
    }

    static int ready(Collection<ReplicaSet> sets) {
        return sum(sets, ReplicaSetCounts::ready);
    }

    private static int sum(Collection<ReplicaSet> sets, ToIntFunction<ReplicaSet> f) {
        return sets.stream().filter(Objects::nonNull).mapToInt(f).sum();
    }
}
