package skiff.apiserver.registry.apps;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * The rules for a write to a workload's status (k/k pkg/apis/apps/validation/validation.go and
 * pkg/apis/core/validation/validation.go, 1.32): counts are never negative, no count of some pods exceeds the count of
 * all, and a collision count never goes down. Metadata is checked by the generic registry.
 */
public enum WorkloadStatusValidation {
    // ValidateReplicaSetStatus, and ValidateReplicationControllerStatus with the same rules.
    REPLICA_SET {
        @Override
        List<FieldError> validate(JsonNode status, JsonNode oldStatus) {
            List<FieldError> errors = nonNegative(status, "replicas", "fullyLabeledReplicas", "readyReplicas",
                    "availableReplicas", "observedGeneration");
            errors.addAll(atMostReplicas(status, "fullyLabeledReplicas", "readyReplicas", "availableReplicas"));
            errors.addAll(availableAtMostReady(status, "cannot be greater than readyReplicas"));
            return errors;
        }
    },
    // ValidateDeploymentStatusUpdate: ValidateDeploymentStatus and a collision count that is not decremented.
    DEPLOYMENT {
        @Override
        List<FieldError> validate(JsonNode status, JsonNode oldStatus) {
            List<FieldError> errors = nonNegative(status, "observedGeneration", "replicas", "updatedReplicas",
                    "readyReplicas", "availableReplicas", "unavailableReplicas", "collisionCount");
            errors.addAll(atMostReplicas(status, "updatedReplicas", "readyReplicas", "availableReplicas"));
            errors.addAll(availableAtMostReady(status, "cannot be greater than readyReplicas"));
            errors.addAll(notDecremented(status, oldStatus));
            return errors;
        }
    },
    // ValidateStatefulSetStatusUpdate: ValidateStatefulSetStatus and a collision count that is not decremented.
    STATEFUL_SET {
        @Override
        List<FieldError> validate(JsonNode status, JsonNode oldStatus) {
            List<FieldError> errors = nonNegative(status, "replicas", "readyReplicas", "currentReplicas",
                    "updatedReplicas", "availableReplicas", "observedGeneration", "collisionCount");
            errors.addAll(atMostReplicas(status, "readyReplicas", "currentReplicas", "updatedReplicas",
                    "availableReplicas"));
            errors.addAll(availableAtMostReady(status, "cannot be greater than status.readyReplicas"));
            errors.addAll(notDecremented(status, oldStatus));
            return errors;
        }
    },
    // ValidateDaemonSetStatusUpdate: validateDaemonSetStatus and a collision count that is not decremented.
    DAEMON_SET {
        @Override
        List<FieldError> validate(JsonNode status, JsonNode oldStatus) {
            List<FieldError> errors = nonNegative(status, "currentNumberScheduled", "numberMisscheduled",
                    "desiredNumberScheduled", "numberReady", "observedGeneration", "updatedNumberScheduled",
                    "numberAvailable", "numberUnavailable", "collisionCount");
            errors.addAll(notDecremented(status, oldStatus));
            return errors;
        }
    };

    private static final String STATUS = "status.";

    /** The errors of {@code status}, written over {@code oldStatus} (a missing node when there is none). */
    abstract List<FieldError> validate(JsonNode status, JsonNode oldStatus);

    // ValidateNonnegativeField on each count; a missing count is 0.
    private static List<FieldError> nonNegative(JsonNode status, String... fields) {
        List<FieldError> errors = new ArrayList<>();
        for (String field : fields) {
            errors.addAll(WorkloadFields.nonNegative(status, field, STATUS + field));
        }
        return errors;
    }

    private static List<FieldError> atMostReplicas(JsonNode status, String... fields) {
        long replicas = status.path("replicas").asLong(0);
        List<FieldError> errors = new ArrayList<>();
        for (String field : fields) {
            long value = status.path(field).asLong(0);
            if (value > replicas) {
                errors.add(FieldError.invalid(STATUS + field, value, "cannot be greater than status.replicas"));
            }
        }
        return errors;
    }

    private static List<FieldError> availableAtMostReady(JsonNode status, String message) {
        long available = status.path("availableReplicas").asLong(0);
        return available > status.path("readyReplicas").asLong(0)
                ? List.of(FieldError.invalid("status.availableReplicas", available, message))
                : List.of();
    }

    // k/k pkg/apis/core/validation/validation.go IsDecremented: dropping a collision count decrements it too.
    private static List<FieldError> notDecremented(JsonNode status, JsonNode oldStatus) {
        JsonNode count = status.get("collisionCount");
        JsonNode oldCount = oldStatus.get("collisionCount");
        if (oldCount == null || oldCount.isNull()) {
            return List.of();
        }
        long value = count == null || count.isNull() ? 0 : count.asLong(0);
        if (count != null && !count.isNull() && value >= oldCount.asLong(0)) {
            return List.of();
        }
        return List.of(FieldError.invalid("status.collisionCount", value, "cannot be decremented"));
    }
}
