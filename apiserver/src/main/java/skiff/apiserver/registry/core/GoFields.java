package skiff.apiserver.registry.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads fields of an object the way Go decodes them into Kubernetes' types: a missing or null field is the zero
 * value ("" or 0), and a map of strings keeps its entries.
 */
public final class GoFields {
    private GoFields() {}

    /** Whether the field holds a value (not missing, not null). */
    public static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** The string at {@code field}, "" when missing or null, and "" when not a string (validation reports it). */
    public static String text(JsonNode object, String field) {
        JsonNode node = object == null ? null : object.get(field);
        return present(node) && node.isString() ? node.asString() : "";
    }

    /**
     * The struct at {@code field} for defaulting to fill in: the object there, a new empty one when the field is
     * missing or null (Go's zero struct), or null when it holds another type, which defaulting leaves alone for
     * validation to refuse.
     */
    public static ObjectNode struct(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node instanceof ObjectNode o) {
            return o;
        }
        return present(node) ? null : parent.putObject(field);
    }

    /**
     * An error when {@code field} of {@code object} holds a JSON value of another type than Go's field could decode
     * (null and missing are the zero value); {@code path} is the object's own path, "" for the root.
     */
    public static List<FieldError> type(JsonNode object, String path, String field, JsonNodeType type) {
        JsonNode node = object.get(field);
        if (present(node) && node.getNodeType() != type) {
            return List.of(wrongType(path.isEmpty() ? field : path + "." + field, node, type));
        }
        return List.of();
    }

    // k/k apimachinery runtime/serializer/json: a decode into the typed object fails on a value of another JSON
    // type; its message names the JSON type found and the one Go wanted.
    public static FieldError wrongType(String path, JsonNode node, JsonNodeType wanted) {
        return FieldError.typeInvalid(path, node.toString(), "expected " + goJsonType(wanted) + ", got "
                + goJsonType(node.getNodeType()));
    }

    private static String goJsonType(JsonNodeType type) {
        return switch (type) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> "null";
        };
    }

    /** The map of strings at {@code field}, empty when missing; null values read as "". */
    public static Map<String, String> stringMap(JsonNode object, String field) {
        Map<String, String> map = new LinkedHashMap<>();
        JsonNode node = object.get(field);
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString("")));
        }
        return map;
    }
}
