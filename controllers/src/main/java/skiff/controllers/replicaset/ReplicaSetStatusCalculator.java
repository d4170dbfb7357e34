package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import skiff.api.selector.LabelSelector;
import skiff.client.pods.PodReadiness;

/**
 * The status a ReplicaSet should show for the pods it owns (k/k pkg/controller/replicaset/replica_set_utils.go
 * calculateStatus): counts of pods, fully labelled, ready and available ones, and a ReplicaFailure condition while
 * creating or deleting pods fails. observedGeneration is set when the status is written.
 */
final class ReplicaSetStatusCalculator {
    static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatusCalculator() {}

    /** A failed attempt to converge: whether it was creating or deleting, and the error. */
    record ManageFailure(boolean creating, String message) {
        String reason() {
            return creating ? "FailedCreate" : "FailedDelete";
        }
    }

    static ReplicaSetStatus calculate(ReplicaSet rs, List<Pod> owned, Optional<ManageFailure> failure, Instant now) {
        ReplicaSetStatus current = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        Map<String, String> templateLabels = rs.getSpec().getTemplate() == null
                || rs.getSpec().getTemplate().getMetadata() == null ? null
                : rs.getSpec().getTemplate().getMetadata().getLabels();
        LabelSelector fullyLabeled = LabelSelector.fromMap(templateLabels);
        int minReady = Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
        List<ReplicaSetCondition> conditions = new ArrayList<>(
                current.getConditions() == null ? List.of() : current.getConditions());
        boolean hasFailure = conditions.stream().anyMatch(c -> REPLICA_FAILURE.equals(c.getType()));
        // k/k replica_set_utils.go calculateStatus: add the condition on a new failure, drop it once syncs succeed.
        if (failure.isPresent() && !hasFailure) {
            conditions.add(new ReplicaSetConditionBuilder()
                    .withType(REPLICA_FAILURE)
                    .withStatus("True")
                    .withReason(failure.get().reason())
                    .withMessage(failure.get().message())
                    .withLastTransitionTime(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)))
                    .build());
        } else if (failure.isEmpty() && hasFailure) {
            conditions.removeIf(c -> REPLICA_FAILURE.equals(c.getType()));
        }
        return new ReplicaSetStatusBuilder()
                .withReplicas(owned.size())
                .withFullyLabeledReplicas((int) owned.stream()
                        .filter(p -> fullyLabeled.matches(p.getMetadata().getLabels())).count())
                .withReadyReplicas((int) owned.stream().filter(PodReadiness::isReady).count())
                .withAvailableReplicas((int) owned.stream()
                        .filter(p -> PodReadiness.isAvailable(p, minReady, now)).count())
                .withObservedGeneration(current.getObservedGeneration())
                .withConditions(conditions.isEmpty() ? null : conditions)
                .build();
    }
}
