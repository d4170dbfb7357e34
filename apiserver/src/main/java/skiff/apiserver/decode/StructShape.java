package skiff.apiserver.decode;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON fields of one Go struct of Kubernetes' API and their types, read from its fabric8 model class (see
 * {@link ModelClasses}). Where the kind has a protobuf descriptor, it says which strings are Go []byte (base64 in
 * JSON), which the model types as plain strings. The fields are read on first use, as the types nest deeply.
 */
final class StructShape {
    private final Class<?> model;
    private final Descriptor message;
    private volatile Map<String, FieldType> fields;

    StructShape(Class<?> model, Descriptor message) {
        this.model = model;
        this.message = message;
    }

    /** The struct's name in Go's errors ("Container"); every served group's Go package is named v1. */
    String name() {
        return model.getSimpleName();
    }

    String goName() {
        return "v1." + name();
    }

    /** The class of the struct's model, which names it for the rules about it (see {@link DisabledFields}). */
    Class<?> model() {
        return model;
    }

    FieldType field(String name) {
        Map<String, FieldType> known = fields;
        if (known == null) {
            known = read();
            fields = known;
        }
        return known.get(name);
    }

    private Map<String, FieldType> read() {
        Map<String, FieldType> out = new LinkedHashMap<>();
        ModelClasses.properties(model).forEach((name, type) -> out.put(name,
                type(type, message == null ? null : GoInlines.field(message, name))));
        return Map.copyOf(out);
    }

    private static FieldType type(Type type, FieldDescriptor field) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return new FieldType.ListOf(type(p.getActualTypeArguments()[0], field));
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            FieldDescriptor value = field != null && field.isMapField()
                    ? field.getMessageType().findFieldByName("value") : null;
            FieldType valueType = type(p.getActualTypeArguments()[1], value);
            String goName = valueType == FieldType.Scalar.QUANTITY ? "v1.ResourceList" : "map[string]" + valueType.goName();
            return new FieldType.MapOf(valueType, goName);
        }
        if (type == String.class) {
            return field != null && field.getType() == FieldDescriptor.Type.BYTES
                    ? FieldType.Scalar.BYTES : FieldType.Scalar.STRING;
        }
        if (type == Integer.class) {
            return FieldType.Scalar.INT32;
        }
        if (type == Long.class) {
            return FieldType.Scalar.INT64;
        }
        if (type == Double.class || type == Float.class) {
            return FieldType.Scalar.FLOAT64;
        }
        if (type == Boolean.class) {
            return FieldType.Scalar.BOOL;
        }
        if (type == Quantity.class) {
            return FieldType.Scalar.QUANTITY;
        }
        if (type == IntOrString.class) {
            return FieldType.Scalar.INT_OR_STRING;
        }
        if (type == MicroTime.class || type == ZonedDateTime.class) {
            return FieldType.Scalar.TIME;
        }
        // k/k apiextensions-apiserver pkg/apis/apiextensions/v1/marshal.go: JSONSchemaPropsOrArray, OrBool and
        // OrStringArray unmarshal a schema or another JSON form; they are read as the CRD's schema, not as structs.
        if (type instanceof Class<?> c && c.getSimpleName().startsWith("JSONSchemaPropsOr")) {
            return FieldType.Scalar.ANY;
        }
        if (type instanceof Class<?> c && c != FieldsV1.class && !c.isInterface()
                && c.getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            Descriptor inner = field != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    ? field.getMessageType() : null;
            return new FieldType.Struct(new StructShape(c, inner));
        }
        // RawExtension (Object, KubernetesResource), FieldsV1, JSON: any JSON value.
        return FieldType.Scalar.ANY;
    }
}
