package skiff.apiserver.registry.core;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
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
