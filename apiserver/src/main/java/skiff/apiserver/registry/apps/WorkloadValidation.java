package skiff.apiserver.registry.apps;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The spec rules of one workload kind, on create and on update; metadata is checked by the generic registry. */
public interface WorkloadValidation {
    /** The kind's spec rules; {@code oldSpec} is the stored spec on an update, null on a create. */
    List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec);

    default List<FieldError> validate(ObjectNode object) {
        return validateSpec(object.path("spec"), null);
    }

    // k/k apps validation.go ValidateReplicaSetUpdate, ValidateDeploymentUpdate, ValidateDaemonSetUpdate: the spec
    // rules again, and the selector may not change.
    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(validateSpec(object.path("spec"), old.path("spec")));
        errors.addAll(WorkloadFields.immutableSelector(object.path("spec"), old.path("spec")));
        return errors;
    }
}
