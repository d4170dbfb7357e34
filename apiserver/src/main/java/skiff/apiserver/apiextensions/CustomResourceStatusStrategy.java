package skiff.apiserver.apiextensions;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status subresource of a custom resource: only status changes, and the result is validated against the schema
 * (k/k 1.32 apiextensions-apiserver pkg/registry/customresource/status_strategy.go).
 */
final class CustomResourceStatusStrategy implements ResourceStrategy {
    private final StructuralSchema schema;

    CustomResourceStatusStrategy(StructuralSchema schema) {
        this.schema = schema;
    }

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        JsonNode status = object.get("status");
        object.removeAll();
        object.setAll(old.deepCopy());
        if (status == null) {
            object.remove("status");
        } else {
            object.set("status", status);
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode object) {
        return SchemaValidator.validate(schema, object, "");
    }
}
