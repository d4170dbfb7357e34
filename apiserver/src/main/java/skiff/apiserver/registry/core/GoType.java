package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import tools.jackson.databind.JsonNode;

/**
 * The Go type of a field of a Kubernetes object, and whether a JSON value decodes into it, so that validation
 * refuses (with the field's path) a value that Kubernetes' typed decoding would have refused.
 */
public enum GoType {
    STRING("string"),
    INT32("int32"),
    INT64("int64"),
    BOOL("bool"),
    STRUCT("struct"),
    SLICE("slice");

    private final String goName;

    GoType(String goName) {
        this.goName = goName;
    }

    boolean accepts(JsonNode node) {
        return switch (this) {
            case STRING -> node.isString();
            case INT32 -> node.isIntegralNumber() && node.canConvertToInt();
            case INT64 -> node.isIntegralNumber() && node.canConvertToLong();
            case BOOL -> node.isBoolean();
            case STRUCT -> node.isObject();
            case SLICE -> node.isArray();
        };
    }

    /** One field and its Go type, for {@link #check}. */
    public record Field(String name, GoType type) {}

    public static Field field(String name, GoType type) {
        return new Field(name, type);
    }

    /**
     * An error for each of {@code fields} of {@code object} whose value (when neither missing nor null, Go's zero
     * value) does not decode into its Go type; {@code path} is the object's own path.
     */
    // k/k apimachinery runtime/serializer/json (1.32): encoding/json refuses such a value ("cannot unmarshal string
    // into Go struct field ... of type int32"); the error here carries the same facts on the field's path.
    public static List<FieldError> check(JsonNode object, String path, Field... fields) {
        List<FieldError> errors = new ArrayList<>();
        for (Field f : fields) {
            errors.addAll(f.type().check(path.isEmpty() ? f.name() : path + "." + f.name(), object.get(f.name())));
        }
        return errors;
    }

    /** The error of {@code node} at {@code path} when it is present and does not decode into this type. */
    public List<FieldError> check(String path, JsonNode node) {
        if (!GoFields.present(node) || accepts(node)) {
            return List.of();
        }
        return List.of(FieldError.typeInvalid(path, node.toString(), "cannot unmarshal " + jsonType(node)
                + " into Go value of type " + goName));
    }

    private static String jsonType(JsonNode node) {
        return node.isNumber() ? "number " + node.toString() : node.isString() ? "string" : node.isBoolean() ? "bool"
                : node.isArray() ? "array" : "object";
    }
}
