package skiff.apiserver.table;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of v1 wire JSON with the values Go's decoder would leave in an absent or null field: empty string,
 * zero, false, no items, zero time. Printers only display, so a field of the wrong JSON type reads as absent.
 */
final class WireValues {
    // metav1.Time treats 0001-01-01T00:00:00Z, Go's zero time, like an absent timestamp.
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private WireValues() {}

    /** {@code metadata.name}. */
    static String name(JsonNode object) {
        return string(object.path("metadata").path("name"));
    }

    static String string(JsonNode node) {
        return node.isString() ? node.stringValue() : "";
    }

    static long integer(JsonNode node) {
        return node.isIntegralNumber() ? node.longValue() : 0;
    }

    static boolean bool(JsonNode node) {
        return node.isBoolean() && node.booleanValue();
    }

    /** The elements of an array; nothing for any other node. */
    static List<JsonNode> items(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        }
        return items;
    }

    /** Number of keys of an object or elements of an array. */
    static int size(JsonNode node) {
        return node.isObject() || node.isArray() ? node.size() : 0;
    }

    /** A {@code map[string]string} field, sorted by key. */
    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                map.put(entry.getKey(), string(entry.getValue()));
            }
        }
        return map;
    }

    /**
     * An RFC 3339 timestamp ({@code metav1.Time} or {@code metav1.MicroTime}); empty when absent, null, Go's zero
     * time, or not a timestamp at all.
     */
    static Optional<Instant> time(JsonNode node) {
        if (!node.isString()) {
            return Optional.empty();
        }
        try {
            Instant instant = Instant.parse(node.stringValue());
            return instant.equals(GO_ZERO_TIME) ? Optional.empty() : Optional.of(instant);
        } catch (DateTimeParseException notATimestamp) {
            return Optional.empty();
        }
    }
}
