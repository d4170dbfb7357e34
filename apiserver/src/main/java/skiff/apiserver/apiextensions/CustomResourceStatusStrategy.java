package skiff.apiserver.apiextensions;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
    private final Optional<CelValidator> rules;

    CustomResourceStatusStrategy(StructuralSchema schema, Optional<CelValidator> rules) {
        this.schema = schema;
        this.rules = rules;
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
        return CustomResourceValidation.validate(schema, rules, object, null);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old, Consumer<String> warnings) {
        return CustomResourceValidation.validate(schema, rules, object, old, warnings);
    }
}
