package skiff.apiserver.registry.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import tools.jackson.databind.JsonNode;

/**
 * The rules on the data of config maps and secrets (k/k pkg/apis/core/validation/validation.go ValidateConfigMap and
 * ValidateSecret, 1.32): string maps whose keys are config keys, at most 1 MiB of values in all.
 */
final class DataValidation {
    // k/k pkg/apis/core/types.go MaxSecretSize, which bounds config maps too.
    static final int MAX_SIZE = 1024 * 1024;

    private DataValidation() {}

    static List<FieldError> configMap(JsonNode configMap) {
        List<FieldError> errors = new ArrayList<>(GoType.check(configMap, "", GoType.field("data", GoType.STRUCT),
                GoType.field("binaryData", GoType.STRUCT)));
        JsonNode data = configMap.path("data");
        JsonNode binary = configMap.path("binaryData");
        long size = 0;
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            errors.addAll(key("data", e.getKey()));
            if (binary.has(e.getKey())) {
                errors.add(FieldError.invalid(keyPath("data", e.getKey()), e.getKey(),
                        "duplicate of key present in binaryData"));
            }
            size += stringValue("data", e, errors).getBytes(StandardCharsets.UTF_8).length;
        }
        for (Map.Entry<String, JsonNode> e : binary.properties()) {
            errors.addAll(key("binaryData", e.getKey()));
            size += decodedLength(stringValue("binaryData", e, errors));
        }
        if (size > MAX_SIZE) {
            // The error names the whole object, with an empty path.
            errors.add(FieldError.tooLong("", MAX_SIZE));
        }
        return errors;
    }

    static List<FieldError> secret(JsonNode secret) {
        List<FieldError> errors = new ArrayList<>(GoType.check(secret, "", GoType.field("data", GoType.STRUCT),
                GoType.field("type", GoType.STRING)));
        long size = 0;
        for (Map.Entry<String, JsonNode> e : secret.path("data").properties()) {
            errors.addAll(key("data", e.getKey()));
            size += decodedLength(stringValue("data", e, errors));
        }
        if (size > MAX_SIZE) {
            errors.add(FieldError.tooLong("data", MAX_SIZE));
        }
        return errors;
    }

    private static List<FieldError> key(String field, String key) {
        return NameValidation.isConfigMapKey(key).stream()
                .map(message -> FieldError.invalid(keyPath(field, key), key, message)).toList();
    }

    private static String stringValue(String field, Map.Entry<String, JsonNode> entry, List<FieldError> errors) {
        JsonNode value = entry.getValue();
        if (value.isString()) {
            return value.asString();
        }
        errors.addAll(GoType.STRING.check(keyPath(field, entry.getKey()), value));
        return "";
    }

    private static String keyPath(String field, String key) {
        return field + "[" + key + "]";
    }

    private static long decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length();
        }
    }
}
