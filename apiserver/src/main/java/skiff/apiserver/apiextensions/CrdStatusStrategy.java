package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status subresource of CustomResourceDefinitions: only the status changes (k/k 1.32 apiextensions-apiserver
 * pkg/registry/customresourcedefinition/strategy.go statusStrategy), and accepted names must still be valid names.
 */
public enum CrdStatusStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForUpdate(ObjectNode crd, ObjectNode old) {
        JsonNode status = crd.get("status");
        crd.removeAll();
        crd.setAll(old.deepCopy());
        if (status == null) {
            crd.remove("status");
        } else {
            crd.set("status", status);
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode crd, ObjectNode old) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode accepted = crd.path("status").path("acceptedNames");
        if (!accepted.path("plural").asString("").isEmpty()) {
            CrdValidation.names(accepted, "status.acceptedNames", errors);
        }
        return errors;
    }
}
