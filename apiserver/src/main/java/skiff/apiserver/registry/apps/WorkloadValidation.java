package skiff.apiserver.registry.apps;

import java.util.List;
import skiff.api.validation.FieldError;
import tools.jackson.databind.node.ObjectNode;

/** The spec rules of one workload kind, on create and on update; metadata is checked by the generic registry. */
public interface WorkloadValidation {
    List<FieldError> validate(ObjectNode object);

    List<FieldError> validateUpdate(ObjectNode object, ObjectNode old);
}
