package skiff.apiserver.registry.core;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A namespace's status subresource (k/k pkg/registry/core/namespace/strategy.go namespaceStatusStrategy, 1.32): the
 * spec stays as stored, and the phase follows the deletion timestamp (validation.go ValidateNamespaceStatusUpdate,
 * which reports it under status.Phase).
 */
enum NamespaceStatusStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForUpdate(ObjectNode namespace, ObjectNode old) {
        JsonNode spec = old.get("spec");
        if (spec == null) {
            namespace.remove("spec");
        } else {
            namespace.set("spec", spec.deepCopy());
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode namespace, ObjectNode old) {
        String phase = GoFields.text(namespace.path("status"), "phase");
        if (!namespace.path("metadata").hasNonNull("deletionTimestamp")) {
            return phase.equals("Active") ? List.of()
                    : List.of(FieldError.invalid("status.Phase", phase,
                            "may only be 'Active' if `deletionTimestamp` is empty"));
        }
        return phase.equals("Terminating") ? List.of()
                : List.of(FieldError.invalid("status.Phase", phase,
                        "may only be 'Terminating' if `deletionTimestamp` is not empty"));
    }
}
