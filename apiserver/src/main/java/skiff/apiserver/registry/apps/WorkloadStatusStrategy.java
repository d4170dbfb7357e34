package skiff.apiserver.registry.apps;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status subresource of a workload (k/k pkg/registry/apps/{replicaset,deployment,statefulset,daemonset}/strategy.go
 * and pkg/registry/core/replicationcontroller/strategy.go, 1.32): the spec stays as stored, a deployment's labels too,
 * and the status is validated as the kind's Validate*StatusUpdate does. Other metadata may change as on the main
 * endpoint.
 */
public final class WorkloadStatusStrategy implements ResourceStrategy {
    public static final WorkloadStatusStrategy REPLICA_SET =
            new WorkloadStatusStrategy(WorkloadStatusValidation.REPLICA_SET, false);
    public static final WorkloadStatusStrategy REPLICATION_CONTROLLER =
            new WorkloadStatusStrategy(WorkloadStatusValidation.REPLICA_SET, false);
    // deploymentStatusStrategy.PrepareForUpdate also keeps the labels.
    public static final WorkloadStatusStrategy DEPLOYMENT =
            new WorkloadStatusStrategy(WorkloadStatusValidation.DEPLOYMENT, true);
    public static final WorkloadStatusStrategy STATEFUL_SET =
            new WorkloadStatusStrategy(WorkloadStatusValidation.STATEFUL_SET, false);
    public static final WorkloadStatusStrategy DAEMON_SET =
            new WorkloadStatusStrategy(WorkloadStatusValidation.DAEMON_SET, false);

    private final WorkloadStatusValidation validation;
    private final boolean keepsLabels;

    private WorkloadStatusStrategy(WorkloadStatusValidation validation, boolean keepsLabels) {
        this.validation = validation;
        this.keepsLabels = keepsLabels;
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        copy(old, object, "spec");
        if (keepsLabels) {
            copy(old.path("metadata"), object.withObject("metadata"), "labels");
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        return validation.validate(object.path("status"), old.path("status"));
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value == null) {
            to.remove(field);
        } else {
            to.set(field, value.deepCopy());
        }
    }
}
