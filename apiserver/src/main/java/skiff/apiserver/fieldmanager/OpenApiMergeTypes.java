package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Merge types read from OpenAPI v3 schemas the way Kubernetes reads them for server-side apply (k/k 1.32 uses
 * kube-openapi pkg/schemaconv ToSchemaFromOpenAPI for built-in kinds and for CRDs alike):
 * <ul>
 *   <li>{@code x-kubernetes-list-type} makes a list atomic, a set or keyed by {@code x-kubernetes-list-map-keys};
 *       without it, a {@code merge} patch strategy makes a list keyed by {@code x-kubernetes-patch-merge-key}, or
 *       a set when there is none; anything else is atomic;</li>
 *   <li>{@code x-kubernetes-map-type: atomic} makes a struct or map atomic; a reference may override the
 *       referred type's map type;</li>
 *   <li>an object with {@code additionalProperties} is a map, one with neither properties nor
 *       additionalProperties a free-form (deduced) map, a value without a type is deduced, and Quantity and
 *       RawExtension are fixed: a scalar and an atomic value;</li>
 *   <li>a key a keyed list's item leaves out takes the item field's {@code default}.</li>
 * </ul>
 * References ({@code $ref}, or a single-element {@code allOf} holding one) name {@code definitions}; named types
 * are converted once and kept.
 */
final class OpenApiMergeTypes {
    static final String REF_PREFIX = "#/components/schemas/";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    private static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private final Function<String, JsonNode> definitions;
    private final Map<String, SchemaType> named = new ConcurrentHashMap<>();

    /** @param definitions the schema a reference's name names, or null */
    OpenApiMergeTypes(Function<String, JsonNode> definitions) {
        this.definitions = definitions;
    }

    /** The type a named definition ("io.k8s.api.core.v1.Pod") describes; deduced when there is none. */
    SchemaType named(String name) {
        SchemaType known = named.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = definitions.apply(name);
        SchemaType type = name.equals(QUANTITY) || name.equals(RAW_EXTENSION) ? SchemaType.Leaf.INSTANCE
                : definition == null ? SchemaType.Deduced.INSTANCE : inline(definition);
        named.put(name, type);
        return type;
    }

    /** A struct whose fields have these schemas (an object's root, or a schema's properties). */
    SchemaType.Struct struct(Map<String, JsonNode> properties, boolean atomic) {
        return new SchemaType.Struct(properties, atomic, this::of);
    }

    /** The type of a value with this schema, following a reference. */
    SchemaType of(JsonNode schema) {
        String ref = reference(schema);
        if (ref == null) {
            return inline(schema);
        }
        SchemaType type = named(ref);
        return switch (schema.path("x-kubernetes-map-type").asString("")) {
            case "atomic" -> withAtomicity(type, true);
            case "granular" -> withAtomicity(type, false);
            default -> type;
        };
    }

    private SchemaType inline(JsonNode schema) {
        return switch (schema.path("type").asString("")) {
            case "object" -> object(schema);
            case "array" -> list(schema);
            case "" -> schema.path("properties").isEmpty() ? SchemaType.Deduced.INSTANCE : struct(schema);
            default -> SchemaType.Leaf.INSTANCE;
        };
    }

    private SchemaType object(JsonNode schema) {
        boolean atomic = schema.path("x-kubernetes-map-type").asString("").equals("atomic");
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            return new SchemaType.MapOf(of(additional), atomic);
        }
        if ((additional != null && additional.asBoolean(false)) || schema.path("properties").isEmpty()) {
            return new SchemaType.MapOf(SchemaType.Deduced.INSTANCE, atomic);
        }
        return struct(schema);
    }

    private SchemaType.Struct struct(JsonNode schema) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        return struct(fields, schema.path("x-kubernetes-map-type").asString("").equals("atomic"));
    }

    private SchemaType list(JsonNode schema) {
        JsonNode items = schema.get("items");
        String listType = schema.path("x-kubernetes-list-type").asString("");
        List<String> keys = new ArrayList<>();
        schema.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asString()));
        String strategy = schema.path("x-kubernetes-patch-strategy").asString("");
        if (listType.isEmpty() && (strategy.equals("merge") || strategy.equals("merge,retainKeys"))) {
            JsonNode mergeKey = schema.get("x-kubernetes-patch-merge-key");
            listType = mergeKey == null ? "set" : "map";
            keys.clear();
            if (mergeKey != null) {
                keys.add(mergeKey.asString());
            }
        }
        return switch (listType) {
            case "set" -> new SchemaType.ListOf(SchemaType.ListKind.SET, List.of(), Map.of(), SchemaType.Leaf.INSTANCE);
            case "map" -> items == null ? SchemaType.ATOMIC_LIST : new SchemaType.ListOf(SchemaType.ListKind.MAP,
                    List.copyOf(keys), keyDefaults(deref(items), keys), of(items));
            default -> SchemaType.ATOMIC_LIST;
        };
    }

    private static Map<String, JsonNode> keyDefaults(JsonNode item, List<String> keys) {
        Map<String, JsonNode> defaults = new LinkedHashMap<>();
        for (String key : keys) {
            JsonNode value = item.path("properties").path(key).get("default");
            if (value != null) {
                defaults.put(key, value);
            }
        }
        return Map.copyOf(defaults);
    }

    /** The schema a reference names, or the schema itself. */
    private JsonNode deref(JsonNode schema) {
        String ref = reference(schema);
        JsonNode definition = ref == null ? null : definitions.apply(ref);
        return definition == null ? schema : definition;
    }

    /** The definition name of {@code $ref}, or of the single {@code allOf} element's; null for an inline schema. */
    private static String reference(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null && schema.path("allOf").size() == 1) {
            ref = schema.get("allOf").get(0).get("$ref");
        }
        if (ref == null || !ref.isString()) {
            return null;
        }
        String value = ref.stringValue();
        return value.substring(value.lastIndexOf('/') + 1);
    }

    private static SchemaType withAtomicity(SchemaType type, boolean atomic) {
        return switch (type) {
            case SchemaType.Struct s when s.atomic() != atomic -> s.withAtomic(atomic);
            case SchemaType.MapOf m when m.atomic() != atomic -> new SchemaType.MapOf(m.values(), atomic);
            default -> type;
        };
    }
}
