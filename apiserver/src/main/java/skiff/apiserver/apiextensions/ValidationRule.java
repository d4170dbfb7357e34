package skiff.apiserver.apiextensions;

import tools.jackson.databind.JsonNode;

/**
 * One entry of a schema node's x-kubernetes-validations (k/k 1.32 apiextensions-apiserver pkg/apis/apiextensions/v1
 * types_jsonschema.go ValidationRule). Absent strings are empty; {@code reason} is empty for the default
 * FieldValueInvalid.
 */
public record ValidationRule(
        String rule, String message, String messageExpression, String reason, String fieldPath,
        boolean optionalOldSelf, JsonNode source) {

    static ValidationRule of(JsonNode json) {
        return new ValidationRule(
                json.path("rule").asString(""),
                json.path("message").asString(""),
                json.path("messageExpression").asString(""),
                json.path("reason").asString(""),
                json.path("fieldPath").asString(""),
                json.path("optionalOldSelf").asBoolean(false),
                json);
    }
}
