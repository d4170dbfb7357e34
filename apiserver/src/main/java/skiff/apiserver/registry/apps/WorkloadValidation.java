package skiff.apiserver.registry.apps;

import static skiff.apiserver.registry.core.GoType.BOOL;
import static skiff.apiserver.registry.core.GoType.INT32;
import static skiff.apiserver.registry.core.GoType.STRING;
import static skiff.apiserver.registry.core.GoType.STRUCT;
import static skiff.apiserver.registry.core.GoType.field;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.core.GoType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The spec rules of one workload kind, on create and on update; metadata is checked by the generic registry. */
public interface WorkloadValidation {
    /** The kind's spec rules; {@code oldSpec} is the stored spec on an update, null on a create. */
    List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec);

    default List<FieldError> validate(ObjectNode object) {
        List<FieldError> errors = new ArrayList<>(types(object.path("spec")));
        errors.addAll(validateSpec(object.path("spec"), null));
        return errors;
    }

    /** The fields the workload kinds share, each of its Go type (k/k staging/src/k8s.io/api/apps/v1/types.go). */
    private static List<FieldError> types(JsonNode spec) {
        return GoType.check(spec, "spec", field("replicas", INT32), field("minReadySeconds", INT32),
                field("revisionHistoryLimit", INT32), field("progressDeadlineSeconds", INT32), field("paused", BOOL),
                field("selector", STRUCT), field("template", STRUCT), field("strategy", STRUCT),
                field("updateStrategy", STRUCT), field("serviceName", STRING), field("podManagementPolicy", STRING));
    }

    // k/k apps validation.go ValidateReplicaSetUpdate, ValidateDeploymentUpdate, ValidateDaemonSetUpdate: the spec
    // rules again, and the selector may not change.
    default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>(types(object.path("spec")));
        errors.addAll(validateSpec(object.path("spec"), old.path("spec")));
        errors.addAll(WorkloadFields.immutableSelector(object.path("spec"), old.path("spec")));
        return errors;
    }
}
