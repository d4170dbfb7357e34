package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import skiff.api.validation.GoQuotedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.DoubleNode;
import tools.jackson.databind.node.LongNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the structured merge sees JSON values: numbers equal by value whatever their width, a total order across types
 * (sigs.k8s.io/structured-merge-diff value/value.go Compare: numbers, strings, booleans, lists, maps, null), and the
 * printed form conflict messages use (value.ToString: strings quoted as Go does).
 */
final class FieldValues {
    private FieldValues() {}

    /** A copy whose numbers are longs or doubles, so that equal values are equal nodes. */
    static JsonNode canonical(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return LongNode.valueOf(value.longValue());
        }
        if (value.isNumber()) {
            return DoubleNode.valueOf(value.doubleValue());
        }
        if (value.isObject()) {
            ObjectNode copy = ((ObjectNode) value).objectNode();
            value.properties().forEach(e -> copy.set(e.getKey(), canonical(e.getValue())));
            return copy;
        }
        if (value.isArray()) {
            ArrayNode copy = ((ArrayNode) value).arrayNode();
            value.forEach(v -> copy.add(canonical(v)));
            return copy;
        }
        return value;
    }

    static boolean equal(JsonNode a, JsonNode b) {
        return compare(a, b) == 0;
    }

    static int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 0 -> a.isIntegralNumber() && b.isIntegralNumber()
                    ? a.bigIntegerValue().compareTo(b.bigIntegerValue())
                    : Double.compare(a.doubleValue(), b.doubleValue());
            case 1 -> a.stringValue().compareTo(b.stringValue());
            case 2 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 3 -> compareLists(a, b);
            case 4 -> compareMaps(a, b);
            default -> 0;
        };
    }

    private static int rank(JsonNode v) {
        if (v.isNumber()) {
            return 0;
        }
        if (v.isString()) {
            return 1;
        }
        if (v.isBoolean()) {
            return 2;
        }
        if (v.isArray()) {
            return 3;
        }
        if (v.isObject()) {
            return 4;
        }
        return 5;
    }

    private static int compareLists(JsonNode a, JsonNode b) {
        Iterator<JsonNode> i = a.iterator();
        Iterator<JsonNode> j = b.iterator();
        while (i.hasNext() && j.hasNext()) {
            int c = compare(i.next(), j.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(i.hasNext(), j.hasNext());
    }

    private static int compareMaps(JsonNode a, JsonNode b) {
        List<Map.Entry<String, JsonNode>> left = sorted(a);
        List<Map.Entry<String, JsonNode>> right = sorted(b);
        for (int k = 0; k < Math.min(left.size(), right.size()); k++) {
            int c = left.get(k).getKey().compareTo(right.get(k).getKey());
            if (c == 0) {
                c = compare(left.get(k).getValue(), right.get(k).getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private static List<Map.Entry<String, JsonNode>> sorted(JsonNode map) {
        TreeMap<String, JsonNode> entries = new TreeMap<>();
        map.properties().forEach(e -> entries.put(e.getKey(), e.getValue()));
        return new ArrayList<>(entries.entrySet());
    }

    /** The value as a conflict path prints it: {@code "nginx"}, {@code 80}, {@code true}, {@code null}. */
    static String print(JsonNode v) {
        if (v.isNull()) {
            return "null";
        }
        if (v.isString()) {
            return GoQuotedString.of(v.stringValue());
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(item -> items.add(print(item)));
            return "[" + String.join(",", items) + "]";
        }
        if (v.isObject()) {
            StringBuilder out = new StringBuilder();
            sorted(v).forEach(e -> out.append(e.getKey()).append('=').append(print(e.getValue())));
            return out.toString();
        }
        return v.toString();
    }
}
