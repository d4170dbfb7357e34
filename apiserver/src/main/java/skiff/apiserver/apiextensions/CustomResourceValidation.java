package skiff.apiserver.apiextensions;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * A custom object's validation (k/k 1.32 apiextensions-apiserver pkg/registry/customresource validator.go): the
 * schema first; the x-kubernetes-validations rules only on an object the schema accepts, so that rules see values
 * of their declared types. An update is ratcheted (CRDValidationRatcheting, on since 1.30): what fails only on
 * values the update leaves unchanged is not refused; ratcheted rule failures become warnings.
 */
final class CustomResourceValidation {
    private CustomResourceValidation() {}

    static List<FieldError> validate(StructuralSchema schema, Optional<CelValidator> rules, JsonNode object,
            JsonNode old) {
        return validate(schema, rules, object, old, warning -> { });
    }

    static List<FieldError> validate(StructuralSchema schema, Optional<CelValidator> rules, JsonNode object,
            JsonNode old, Consumer<String> warnings) {
        List<FieldError> errors = old == null ? SchemaValidator.validate(schema, object, "")
                : SchemaValidator.validateUpdate(schema, object, old, "");
        if (!errors.isEmpty() || rules.isEmpty()) {
            return errors;
        }
        return rules.get().validate(object, old, warnings);
    }
}
