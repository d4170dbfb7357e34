package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.Comparator;

/** The orders in which the deployment controller visits replica sets (k/k pkg/controller/controller_utils.go). */
final class ReplicaSetOrder {
    private ReplicaSetOrder() {}

    /** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
    static final Comparator<ReplicaSet> OLDEST_FIRST = Comparator
            .comparing((ReplicaSet rs) -> created(rs))
            .thenComparing(rs -> rs.getMetadata().getName());

    /** ReplicaSetsBySizeOlder: largest first; among equals, oldest first. */
    static final Comparator<ReplicaSet> LARGEST_THEN_OLDEST = Comparator
            .comparingInt((ReplicaSet rs) -> -ReplicaSetCounts.specReplicas(rs))
            .thenComparing(OLDEST_FIRST);

    /** ReplicaSetsBySizeNewer: largest first; among equals, newest first. */
    static final Comparator<ReplicaSet> LARGEST_THEN_NEWEST = Comparator
            .comparingInt((ReplicaSet rs) -> -ReplicaSetCounts.specReplicas(rs))
            .thenComparing(OLDEST_FIRST.reversed());

    /** deployment_util.go ReplicaSetsByRevision: lowest revision first, then oldest. */
    static final Comparator<ReplicaSet> LOWEST_REVISION_FIRST = Comparator
            .comparingLong((ReplicaSet rs) -> RevisionAnnotations.revision(rs))
            .thenComparing(OLDEST_FIRST);

    private static Instant created(ReplicaSet rs) {
        String ts = rs.getMetadata().getCreationTimestamp();
        return ts == null ? Instant.EPOCH : Instant.parse(ts);
    }
}
