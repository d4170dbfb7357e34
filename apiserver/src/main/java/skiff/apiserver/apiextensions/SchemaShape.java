package skiff.apiserver.apiextensions;

import java.util.Map;
import skiff.apiserver.cel.CelLimits;
import skiff.apiserver.cel.ValueShape;

/**
 * The sizes a value of a structural schema can have, for CEL cost estimates (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/schema/cel/model schemas.go): maxLength, maxItems and maxProperties where declared, otherwise as
 * many as fit in a request given the smallest serialized size of one element.
 */
record SchemaShape(StructuralSchema schema) implements ValueShape {
    private static final long REQUEST = CelLimits.MAX_REQUEST_SIZE_BYTES;

    @Override
    public long maxSize() {
        return switch (schema.type()) {
            case "string" -> schema.maxLength() != null ? schema.maxLength() : REQUEST - 2;
            case "array" -> schema.maxItems() != null ? schema.maxItems()
                    : (REQUEST - 2) / (minSerializedSize(schema.items()) + 1);
            case "object" -> schema.maxProperties() != null ? schema.maxProperties()
                    : schema.additionalProperties() == null ? Math.max(1, schema.properties().size())
                    // "":value, per entry: quotes, colon, comma and the smallest value.
                    : (REQUEST - 2) / (minSerializedSize(schema.additionalProperties()) + 4);
            default -> 1;
        };
    }

    @Override
    public ValueShape field(String name) {
        if (schema.additionalProperties() != null) {
            return new SchemaShape(schema.additionalProperties());
        }
        for (Map.Entry<String, StructuralSchema> p : schema.properties().entrySet()) {
            if (CelPropertyNames.escape(p.getKey()).map(name::equals).orElse(false)) {
                return new SchemaShape(p.getValue());
            }
        }
        return ValueShape.UNKNOWN;
    }

    @Override
    public ValueShape element() {
        StructuralSchema element = schema.items() != null ? schema.items() : schema.additionalProperties();
        return element == null ? ValueShape.UNKNOWN : new SchemaShape(element);
    }

    // schemas.go estimateMinSizeJSON: the fewest bytes a value of the schema takes in JSON.
    static long minSerializedSize(StructuralSchema s) {
        if (s == null) {
            return 1;
        }
        return switch (s.type()) {
            case "boolean" -> 4;
            case "string" -> 2 + (s.minLength() != null ? s.minLength() : 0);
            case "array", "object" -> 2;
            default -> 1;
        };
    }
}
