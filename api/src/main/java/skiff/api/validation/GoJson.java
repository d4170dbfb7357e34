package skiff.api.validation;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/** A value as Go's {@code json.Marshal} writes it, the form Kubernetes uses for lists and objects in error messages. */
public final class GoJson {
    private GoJson() {}

    // docs pkg.go.dev/encoding/json#Marshal: compact, map keys sorted, HTML characters and line separators escaped.
    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> writeString(out, s);
            case Boolean b -> out.append(b);
            case Double d -> out.append(GoFloatText.json(d, false));
            case Float f -> out.append(GoFloatText.json(f, true));
            case Number n -> out.append(n);
            case JsonNode node -> writeNode(out, node);
            case GoStruct struct -> writeStruct(out, struct);
            case Map<?, ?> map -> writeMap(out, map);
            case Collection<?> items -> writeArray(out, items.toArray());
            case Object array when array.getClass().isArray() -> writeArray(out, boxed(array));
            default -> writeNode(out, Json.mapper().valueToTree(value));
        }
    }

    private static void writeNode(StringBuilder out, JsonNode node) {
        if (node.isString()) {
            writeString(out, node.stringValue());
        } else if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            writeMap(out, sorted);
        } else if (node.isArray()) {
            writeArray(out, node.valueStream().toArray());
        } else if (node.isDouble() || node.isFloat()) {
            out.append(GoFloatText.json(node.doubleValue(), node.isFloat()));
        } else {
            out.append(node);
        }
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map) {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            writeString(out, entry.getKey());
            out.append(':');
            write(out, entry.getValue());
        }
        out.append('}');
    }

    private static void writeStruct(StringBuilder out, GoStruct struct) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : struct.fields().entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            writeString(out, field.getKey());
            out.append(':');
            write(out, field.getValue());
        }
        out.append('}');
    }

    private static void writeArray(StringBuilder out, Object[] items) {
        out.append('[');
        for (int i = 0; i < items.length; i++) {
            out.append(i == 0 ? "" : ",");
            write(out, items[i]);
        }
        out.append(']');
    }

    private static Object[] boxed(Object array) {
        Object[] items = new Object[Array.getLength(array)];
        for (int i = 0; i < items.length; i++) {
            items[i] = Array.get(array, i);
        }
        return items;
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029) {
                        out.append(String.format("\\u%04x", cp));
                    } else if (GoQuotedString.isLoneSurrogate(cp)) {
                        out.append("\ufffd");
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        out.append('"');
    }
}
