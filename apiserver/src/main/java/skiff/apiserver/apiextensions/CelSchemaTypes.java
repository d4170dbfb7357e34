package skiff.apiserver.apiextensions;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL types of a structural schema (k/k 1.32 apiextensions-apiserver pkg/apiserver/schema/cel/model
 * schemas.go SchemaDeclType): objects with properties are object types whose fields are the escaped property names,
 * objects with additionalProperties are maps, arrays are lists, int-or-string and objects that only preserve unknown
 * fields are dyn, strings of format byte, duration, date and date-time are bytes, durations and timestamps. The root
 * of a resource and embedded resources also have apiVersion, kind and metadata (name and generateName).
 */
final class CelSchemaTypes implements CelTypeProvider {
    private final Map<String, CelType> objects = new HashMap<>();
    private CelType self;

    private CelSchemaTypes() {}

    /** The types of the objects in {@code schema}, a resource root when {@code root}. */
    static CelSchemaTypes of(StructuralSchema schema, boolean root) {
        CelSchemaTypes types = new CelSchemaTypes();
        types.self = types.type(schema, "Object", root).orElse(null);
        return types;
    }

    /** The type of the schema itself; empty when CEL cannot see it (an array without items). */
    Optional<CelType> self() {
        return Optional.ofNullable(self);
    }

    private Optional<CelType> type(StructuralSchema schema, String name, boolean resource) {
        if (schema.intOrString()) {
            return Optional.of(SimpleType.DYN);
        }
        return switch (schema.type()) {
            case "boolean" -> Optional.of(SimpleType.BOOL);
            case "integer" -> Optional.of(SimpleType.INT);
            case "number" -> Optional.of(SimpleType.DOUBLE);
            case "string" -> Optional.of(switch (schema.format()) {
                case "byte" -> SimpleType.BYTES;
                case "duration" -> SimpleType.DURATION;
                case "date", "date-time" -> SimpleType.TIMESTAMP;
                default -> SimpleType.STRING;
            });
            case "array" -> schema.items() == null ? Optional.empty()
                    : type(schema.items(), name + ".@idx", schema.items().embeddedResource()).map(ListType::create);
            case "object" -> object(schema, name, resource || schema.embeddedResource());
            default -> schema.preserveUnknownFields() ? Optional.of(SimpleType.DYN) : Optional.empty();
        };
    }

    private Optional<CelType> object(StructuralSchema schema, String name, boolean resource) {
        if (schema.additionalProperties() != null) {
            StructuralSchema values = schema.additionalProperties();
            return type(values, name + ".@elem", values.embeddedResource())
                    .map(t -> MapType.create(SimpleType.STRING, t));
        }
        if (schema.properties().isEmpty() && schema.preserveUnknownFields() && !resource) {
            return Optional.of(SimpleType.DYN);
        }
        Map<String, CelType> fields = new LinkedHashMap<>();
        if (resource) {
            fields.put("apiVersion", SimpleType.STRING);
            fields.put("kind", SimpleType.STRING);
            String metadata = name + ".metadata";
            objects.put(metadata, struct(metadata, Map.of("name", SimpleType.STRING,
                    "generateName", SimpleType.STRING)));
            fields.put("metadata", objects.get(metadata));
        }
        for (Map.Entry<String, StructuralSchema> p : schema.properties().entrySet()) {
            if (resource && (p.getKey().equals("apiVersion") || p.getKey().equals("kind")
                    || p.getKey().equals("metadata"))) {
                continue;
            }
            Optional<String> field = CelPropertyNames.escape(p.getKey());
            if (field.isPresent()) {
                type(p.getValue(), name + "." + field.get(), p.getValue().embeddedResource())
                        .ifPresent(t -> fields.put(field.get(), t));
            }
        }
        StructType type = struct(name, fields);
        objects.put(name, type);
        return Optional.of(type);
    }

    private static StructType struct(String name, Map<String, CelType> fields) {
        Map<String, CelType> copy = Map.copyOf(fields);
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
                field -> Optional.ofNullable(copy.get(field)));
    }

    @Override
    public ImmutableCollection<CelType> types() {
        return ImmutableList.copyOf(objects.values());
    }

    @Override
    public Optional<CelType> findType(String typeName) {
        return Optional.ofNullable(objects.get(typeName));
    }
}
