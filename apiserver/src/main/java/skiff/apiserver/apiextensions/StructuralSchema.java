package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * One node of a CRD version's openAPIV3Schema, as the structural schema Kubernetes builds from it (k/k 1.32
 * apiextensions-apiserver pkg/apiserver/schema/structural.go): the type, the children, the value validations and the
 * x-kubernetes extensions. {@code additionalProperties} is a schema, or null when the object has fixed properties.
 * {@code validations} are the node's x-kubernetes-validations rules.
 */
public record StructuralSchema(
        String type,
        Map<String, StructuralSchema> properties,
        StructuralSchema items,
        StructuralSchema additionalProperties,
        List<String> required,
        List<JsonNode> enumValues,
        Double minimum,
        boolean exclusiveMinimum,
        Double maximum,
        boolean exclusiveMaximum,
        Long minLength,
        Long maxLength,
        Pattern pattern,
        String patternSource,
        Long minItems,
        Long maxItems,
        Long minProperties,
        Long maxProperties,
        String format,
        JsonNode defaultValue,
        boolean nullable,
        boolean preserveUnknownFields,
        boolean intOrString,
        boolean embeddedResource,
        String listType,
        List<String> listMapKeys,
        List<ValidationRule> validations) {

    /** Reads a schema as the CRD stores it; parts it cannot read (a bad regular expression) are left out. */
    public static StructuralSchema of(JsonNode json) {
        Map<String, StructuralSchema> properties = new LinkedHashMap<>();
        json.path("properties").properties().forEach(e -> properties.put(e.getKey(), of(e.getValue())));
        JsonNode items = json.path("items");
        JsonNode additional = json.path("additionalProperties");
        List<String> required = new ArrayList<>();
        json.path("required").forEach(r -> required.add(r.asString()));
        List<JsonNode> enumValues = new ArrayList<>();
        json.path("enum").forEach(enumValues::add);
        String patternSource = json.path("pattern").isString() ? json.path("pattern").asString() : null;
        Pattern pattern = null;
        if (patternSource != null) {
            try {
                pattern = Pattern.compile(patternSource);
            } catch (PatternSyntaxException e) {
                pattern = null;
            }
        }
        List<String> listMapKeys = new ArrayList<>();
        json.path("x-kubernetes-list-map-keys").forEach(k -> listMapKeys.add(k.asString()));
        List<ValidationRule> validations = new ArrayList<>();
        json.path("x-kubernetes-validations").forEach(r -> validations.add(ValidationRule.of(r)));
        return new StructuralSchema(
                json.path("type").asString(""),
                properties,
                items.isObject() ? of(items) : null,
                additional.isObject() ? of(additional) : null,
                required,
                enumValues,
                number(json.path("minimum")),
                json.path("exclusiveMinimum").asBoolean(false),
                number(json.path("maximum")),
                json.path("exclusiveMaximum").asBoolean(false),
                integer(json.path("minLength")),
                integer(json.path("maxLength")),
                pattern,
                patternSource,
                integer(json.path("minItems")),
                integer(json.path("maxItems")),
                integer(json.path("minProperties")),
                integer(json.path("maxProperties")),
                json.path("format").asString(""),
                json.has("default") ? json.get("default") : null,
                json.path("nullable").asBoolean(false),
                json.path("x-kubernetes-preserve-unknown-fields").asBoolean(false),
                json.path("x-kubernetes-int-or-string").asBoolean(false),
                json.path("x-kubernetes-embedded-resource").asBoolean(false),
                json.path("x-kubernetes-list-type").asString(""),
                List.copyOf(listMapKeys),
                List.copyOf(validations));
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static Long integer(JsonNode n) {
        return n.isIntegralNumber() ? n.asLong() : null;
    }
}
