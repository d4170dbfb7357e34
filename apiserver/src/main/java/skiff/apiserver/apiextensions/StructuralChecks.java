package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * Whether a v1 CRD's openAPIV3Schema is structural (k/k 1.32 apiextensions-apiserver pkg/apiserver/schema/
 * validation.go ValidateStructural and pkg/apis/apiextensions/validation/validation.go): an object at the root, a
 * type on every specified node unless it preserves unknown fields or is int-or-string, items for arrays, properties
 * or additionalProperties but not both, and nothing but name and generateName under the root's metadata.
 */
final class StructuralChecks {
    private static final Set<String> TYPES = Set.of("array", "boolean", "integer", "number", "object", "string");
    private final List<FieldError> errors = new ArrayList<>();

    private StructuralChecks() {}

    static List<FieldError> check(JsonNode schema, String path) {
        StructuralChecks c = new StructuralChecks();
        String type = schema.path("type").asString("");
        if (type.isEmpty()) {
            c.errors.add(FieldError.required(path + ".type", "must not be empty at the root"));
        } else if (!type.equals("object")) {
            c.errors.add(FieldError.invalid(path + ".type", type, "must be object at the root"));
        }
        JsonNode metadata = schema.path("properties").path("metadata");
        if (metadata.isObject()) {
            for (Map.Entry<String, JsonNode> e : metadata.properties()) {
                boolean allowed = Set.of("type", "description").contains(e.getKey())
                        || (e.getKey().equals("properties") && Set.of("name", "generateName")
                                .containsAll(e.getValue().propertyNames()));
                if (!allowed) {
                    c.errors.add(FieldError.forbidden(path + ".properties[metadata]", "must not specify anything "
                            + "other than name and generateName, but metadata is implicitly specified"));
                    break;
                }
            }
        }
        c.node(schema, path);
        return List.copyOf(c.errors);
    }

    private void node(JsonNode s, String path) {
        String type = s.path("type").asString("");
        if (!type.isEmpty() && !TYPES.contains(type)) {
            errors.add(FieldError.notSupported(path + ".type", type, List.copyOf(new java.util.TreeSet<>(TYPES))));
        }
        if (s.path("x-kubernetes-preserve-unknown-fields").isBoolean()
                && !s.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            errors.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", false,
                    "must be true or undefined"));
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean(false) && !type.isEmpty()) {
            errors.add(FieldError.invalid(path + ".type", type, "must be empty if x-kubernetes-int-or-string is "
                    + "true"));
        }
        if (type.equals("array") && !s.path("items").isObject()) {
            errors.add(FieldError.required(path + ".items", "must be specified"));
        }
        if (s.has("properties") && s.path("additionalProperties").isObject()) {
            errors.add(FieldError.forbidden(path + ".additionalProperties",
                    "additionalProperties and properties are mutual exclusive"));
        }
        for (Map.Entry<String, JsonNode> e : s.path("properties").properties()) {
            String at = path + ".properties[" + e.getKey() + "]";
            typed(e.getValue(), at, "must not be empty for specified object fields");
            node(e.getValue(), at);
        }
        if (s.path("items").isObject()) {
            typed(s.get("items"), path + ".items", "must not be empty for specified array items");
            node(s.get("items"), path + ".items");
        }
        if (s.path("additionalProperties").isObject()) {
            typed(s.get("additionalProperties"), path + ".additionalProperties",
                    "must not be empty for specified object fields");
            node(s.get("additionalProperties"), path + ".additionalProperties");
        }
    }

    private void typed(JsonNode s, String path, String detail) {
        boolean exempt = s.path("x-kubernetes-int-or-string").asBoolean(false)
                || s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (s.path("type").asString("").isEmpty() && !exempt) {
            errors.add(FieldError.required(path + ".type", detail));
        }
    }
}
