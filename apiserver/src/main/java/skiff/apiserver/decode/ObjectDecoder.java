package skiff.apiserver.decode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Decodes a built-in kind's JSON as Kubernetes decodes a request body into its Go types, before admission, defaulting
 * and validation (k/k apimachinery pkg/runtime/serializer/json/json.go, with sigs.k8s.io/json's fork of
 * encoding/json): a value of the wrong type anywhere (a string for a list, an int32 out of range, a bad Quantity or
 * base64) refuses the whole object with Go's error; fields the kind does not have are removed and reported, for the
 * caller's fieldValidation; []byte values are stored in canonical base64; and the fields of features a 1.32 server
 * has off are dropped ({@link DisabledFields}). Custom resources are left as they are.
 */
public final class ObjectDecoder {
    private static final Set<String> TYPE_META = Set.of("apiVersion", "kind");

    private final List<String> unknown = new ArrayList<>();

    private ObjectDecoder() {}

    /**
     * Decodes {@code object} (of {@code apiVersion} and {@code kind}) in place and returns the paths of the fields
     * it had that its kind does not have, in Kubernetes' spelling ({@code spec.containers[0].bogus}).
     *
     * @throws DecodeError when a value does not decode into its field's Go type
     */
    public static List<String> decode(String apiVersion, String kind, ObjectNode object) {
        ObjectDecoder decoder = new ObjectDecoder();
        KindShapes.of(apiVersion, kind).ifPresent(shape -> decoder.struct(object, shape, "", "", true));
        return List.copyOf(decoder.unknown);
    }

    /** {@code path} names fields as Kubernetes' strict errors do, {@code goPath} as Go's type errors do. */
    private void struct(ObjectNode node, StructShape shape, String path, String goPath, boolean top) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (top && TYPE_META.contains(name)) {
                continue;
            }
            String at = path.isEmpty() ? name : path + "." + name;
            FieldType type = shape.field(name);
            if (type == null) {
                unknown.add(at);
                it.remove();
                continue;
            }
            JsonNode decoded = value(entry.getValue(), type, new Context(shape.name(),
                    goPath.isEmpty() ? name : goPath + "." + name), at);
            if (decoded != entry.getValue()) {
                entry.setValue(decoded);
            }
        }
        DisabledFields.drop(shape.model(), node);
    }

    /** Returns the value as stored: itself, or its canonical form. */
    private JsonNode value(JsonNode value, FieldType type, Context context, String at) {
        if (value.isNull()) {
            return value; // Go leaves the field at its zero value.
        }
        switch (type) {
            case FieldType.Struct s -> {
                if (!(value instanceof ObjectNode object)) {
                    throw context.mismatch(kind(value), type);
                }
                struct(object, s.shape(), at, context.field(), false);
            }
            case FieldType.ListOf l -> {
                if (!(value instanceof ArrayNode items)) {
                    throw context.mismatch(kind(value), type);
                }
                for (int i = 0; i < items.size(); i++) {
                    JsonNode item = items.get(i);
                    JsonNode decoded = value(item, l.element(), context, at + "[" + i + "]");
                    if (decoded != item) {
                        items.set(i, decoded);
                    }
                }
            }
            case FieldType.MapOf m -> {
                if (!(value instanceof ObjectNode map)) {
                    throw context.mismatch(kind(value), type);
                }
                for (Map.Entry<String, JsonNode> e : map.properties()) {
                    JsonNode decoded = value(e.getValue(), m.value(), context, at + "." + e.getKey());
                    if (decoded != e.getValue()) {
                        e.setValue(decoded);
                    }
                }
            }
            case FieldType.Scalar s -> {
                return scalar(value, s, context);
            }
        }
        return value;
    }

    private static JsonNode scalar(JsonNode value, FieldType.Scalar type, Context context) {
        switch (type) {
            case STRING, TIME -> require(value.isString(), value, type, context);
            case BOOL -> require(value.isBoolean(), value, type, context);
            case FLOAT64 -> require(value.isNumber(), value, type, context);
            case INT32 -> integer(value, type, context, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64 -> integer(value, type, context, Long.MIN_VALUE, Long.MAX_VALUE);
            case INT_OR_STRING -> {
                // k8s apimachinery pkg/util/intstr: a quoted value is the string, anything else decodes as int32.
                if (!value.isString()) {
                    integer(value, FieldType.Scalar.INT32, context, Integer.MIN_VALUE, Integer.MAX_VALUE);
                }
            }
            case QUANTITY -> GoQuantity.check(value.isString() ? value.asString() : value.toString());
            case BYTES -> {
                require(value.isString(), value, type, context);
                String canonical = GoBase64.canonical(value.asString());
                return canonical.equals(value.asString()) ? value : StringNode.valueOf(canonical);
            }
            case ANY -> { }
        }
        return value;
    }

    private static void require(boolean ok, JsonNode value, FieldType type, Context context) {
        if (!ok) {
            throw context.mismatch(kind(value), type);
        }
    }

    // Go's encoding/json names a number it could not fit into an integer with its text: "number 2147483648".
    private static void integer(JsonNode value, FieldType type, Context context, long min, long max) {
        if (!value.isNumber()) {
            throw context.mismatch(kind(value), type);
        }
        boolean fits = value.isIntegralNumber() && value.bigIntegerValue().compareTo(BigInteger.valueOf(min)) >= 0
                && value.bigIntegerValue().compareTo(BigInteger.valueOf(max)) <= 0;
        if (!fits) {
            throw context.mismatch("number " + value, type);
        }
    }

    private static String kind(JsonNode value) {
        return value.isString() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "bool"
                : value.isArray() ? "array" : "object";
    }

    /** Where a value is, for Go's UnmarshalTypeError: the struct that has the field, and the field's JSON path. */
    private record Context(String struct, String field) {
        DecodeError mismatch(String value, FieldType type) {
            return new DecodeError("json: cannot unmarshal " + value + " into Go struct field " + struct + "." + field
                    + " of type " + type.goName());
        }
    }
}
