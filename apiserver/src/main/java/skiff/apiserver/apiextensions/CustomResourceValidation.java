package skiff.apiserver.apiextensions;

import java.util.List;
import java.util.Optional;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * A custom object's validation (k/k 1.32 apiextensions-apiserver pkg/registry/customresource validator.go): the
 * schema first; the x-kubernetes-validations rules only on an object the schema accepts, so that rules see values
 * of their declared types.
 */
final class CustomResourceValidation {
    private CustomResourceValidation() {}

    static List<FieldError> validate(StructuralSchema schema, Optional<CelValidator> rules, JsonNode object,
            JsonNode old) {
        List<FieldError> errors = SchemaValidator.validate(schema, object, "");
        if (!errors.isEmpty() || rules.isEmpty()) {
            return errors;
        }
        return rules.get().validate(object, old);
    }
}
