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
        ObjectNode sorted = Json.object();
        new TreeMap<>(fields).forEach((k, v) -> sorted.set(k, FieldValues.canonical(v)));
        return new Key(sorted);
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
            case Key k -> compareKeys(k.fields(), ((Key) other).fields());
            case Value v -> FieldValues.compare(v.value(), ((Value) other).value());
            case Index i -> Integer.compare(i.index(), ((Index) other).index());
        };
    }

    // structured-merge-diff value/fields.go FieldList.Compare: field by field, name then value; shorter first.
    private static int compareKeys(ObjectNode a, ObjectNode b) {
        List<Map.Entry<String, JsonNode>> left = new ArrayList<>(a.properties());
        List<Map.Entry<String, JsonNode>> right = new ArrayList<>(b.properties());
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int c = left.get(i).getKey().compareTo(right.get(i).getKey());
            if (c == 0) {
                c = FieldValues.compare(left.get(i).getValue(), right.get(i).getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.size(), right.size());
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

    /** An associative list item: {@code [name="nginx"]}. */
    record Key(ObjectNode fields) implements PathElement {
        @Override
        public String serialize() {
            return "k:" + GoJson.of(fields);
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            fields.properties().forEach(e -> parts.add(e.getKey() + "=" + FieldValues.print(e.getValue())));
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
