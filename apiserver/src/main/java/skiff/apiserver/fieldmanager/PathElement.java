package skiff.apiserver.fieldmanager;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import skiff.api.json.Json;
import skiff.api.validation.GoJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One step of a field path (sigs.k8s.io/structured-merge-diff fieldpath/element.go): a field of a map or struct, the
 * item of an associative list with the given key fields, the item of a set with the given value, or a list index.
 * Elements order fields first, then keys, values and indexes, as the managedFields encoding does.
 */
public sealed interface PathElement extends Comparable<PathElement> {

    /** The prefix of each kind in FieldsV1 ({@code f:}, {@code k:}, {@code v:}, {@code i:}), and its rank in the order. */
    String serialize();

    static PathElement field(String name) {
        return new Field(name);
    }

    /** The item of an associative list keyed by these fields; values are canonicalized and names sorted. */
    static PathElement key(Map<String, JsonNode> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        names.sort(null);
        List<JsonNode> values = new ArrayList<>(names.size());
        names.forEach(n -> values.add(FieldValues.canonical(fields.get(n))));
        return new Key(List.copyOf(names), List.copyOf(values));
    }

    static PathElement value(JsonNode value) {
        return new Value(FieldValues.canonical(value));
    }

    /**
     * Reads a FieldsV1 key ({@code f:name}, {@code k:{"name":"c"}}, {@code v:"x"}, {@code i:0}); null for a kind this
     * server does not know, which the format says to skip.
     * @throws IllegalArgumentException when the key is malformed
     */
    static PathElement parse(String text) {
        if (text.length() < 2 || text.charAt(1) != ':') {
            throw new IllegalArgumentException("invalid path element: " + text);
        }
        String body = text.substring(2);
        return switch (text.charAt(0)) {
            case 'f' -> new Field(body);
            case 'v' -> value(json(body));
            case 'k' -> {
                JsonNode fields = json(body);
                if (!fields.isObject()) {
                    throw new IllegalArgumentException("invalid key path element: " + text);
                }
                Map<String, JsonNode> map = new TreeMap<>();
                fields.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
                yield key(map);
            }
            case 'i' -> {
                try {
                    yield new Index(Integer.parseInt(body));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid index path element: " + text);
                }
            }
            default -> null;
        };
    }

    private static JsonNode json(String body) {
        try {
            return Json.parse(body.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid path element value: " + body);
        }
    }

    private int rank() {
        return switch (this) {
            case Field f -> 0;
            case Key k -> 1;
            case Value v -> 2;
            case Index i -> 3;
        };
    }

    @Override
    default int compareTo(PathElement other) {
        int byKind = Integer.compare(rank(), other.rank());
        if (byKind != 0) {
            return byKind;
        }
        return switch (this) {
            case Field f -> f.name().compareTo(((Field) other).name());
            case Key k -> compareKeys(k, (Key) other);
            case Value v -> FieldValues.compare(v.value(), ((Value) other).value());
            case Index i -> Integer.compare(i.index(), ((Index) other).index());
        };
    }

    // structured-merge-diff value/fields.go FieldList.Compare: field by field, name then value; shorter first.
    private static int compareKeys(Key a, Key b) {
        int n = Math.min(a.names().size(), b.names().size());
        for (int i = 0; i < n; i++) {
            int c = a.names().get(i).compareTo(b.names().get(i));
            if (c == 0) {
                c = FieldValues.compare(a.values().get(i), b.values().get(i));
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.names().size(), b.names().size());
    }

    /** A named field: {@code .spec}. */
    record Field(String name) implements PathElement {
        @Override
        public String serialize() {
            return "f:" + name;
        }

        @Override
        public String toString() {
            return "." + name;
        }
    }

    /** An associative list item: {@code [name="nginx"]}; key field names sorted, each with its value. */
    record Key(List<String> names, List<JsonNode> values) implements PathElement {
        @Override
        public String serialize() {
            ObjectNode fields = Json.object();
            for (int i = 0; i < names.size(); i++) {
                fields.set(names.get(i), values.get(i));
            }
            return "k:" + GoJson.of(fields);
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                parts.add(names.get(i) + "=" + FieldValues.print(values.get(i)));
            }
            return "[" + String.join(",", parts) + "]";
        }
    }

    /** A set item: {@code [="finalizer"]}. */
    record Value(JsonNode value) implements PathElement {
        @Override
        public String serialize() {
            return "v:" + GoJson.of(value);
        }

        @Override
        public String toString() {
            return "[=" + FieldValues.print(value) + "]";
        }
    }

    /** A list index, for lists without keys. */
    record Index(int index) implements PathElement {
        @Override
        public String serialize() {
            return "i:" + index;
        }

        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }
}
