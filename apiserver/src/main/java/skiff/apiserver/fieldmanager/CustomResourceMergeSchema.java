package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * The merge types of a custom resource, read from its CRD version's structural schema as Kubernetes reads them
 * (k/k 1.32 apiextensions-apiserver pkg/controller/openapi/builder and structured-merge-diff's schema from OpenAPI):
 * {@code x-kubernetes-list-type} (atomic by default, set, map with {@code x-kubernetes-list-map-keys}),
 * {@code x-kubernetes-map-type} (granular by default, atomic), untyped values where unknown fields are preserved,
 * and ObjectMeta's own merge type under metadata.
 */
final class CustomResourceMergeSchema {
    private static final String METADATA_TYPE = "meta.v1.ObjectMeta";

    private CustomResourceMergeSchema() {}

    static SchemaType root(JsonNode schema) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        fields.put("metadata", StringNode.valueOf(METADATA_TYPE));
        fields.put("apiVersion", StringNode.valueOf("scalar"));
        fields.put("kind", StringNode.valueOf("scalar"));
        return new SchemaType.Struct(fields, false, CustomResourceMergeSchema::resolve);
    }

    private static SchemaType resolve(JsonNode s) {
        if (s.isString()) {
            return s.stringValue().equals(METADATA_TYPE) ? MergeSchema.builtin().type(METADATA_TYPE)
                    : SchemaType.Leaf.INSTANCE;
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return SchemaType.Leaf.INSTANCE;
        }
        boolean atomicMap = s.path("x-kubernetes-map-type").asString("granular").equals("atomic");
        return switch (s.path("type").asString("")) {
            case "object" -> {
                if (s.path("additionalProperties").isObject()) {
                    yield new SchemaType.MapOf(resolve(s.get("additionalProperties")), atomicMap);
                }
                if (!s.has("properties") && s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                    yield SchemaType.Deduced.INSTANCE;
                }
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                s.path("properties").properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
                yield new SchemaType.Struct(fields, atomicMap, CustomResourceMergeSchema::resolve);
            }
            case "array" -> list(s);
            case "" -> s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) ? SchemaType.Deduced.INSTANCE
                    : SchemaType.Leaf.INSTANCE;
            default -> SchemaType.Leaf.INSTANCE;
        };
    }

    private static SchemaType list(JsonNode s) {
        JsonNode items = s.path("items");
        return switch (s.path("x-kubernetes-list-type").asString("atomic")) {
            case "set" -> new SchemaType.ListOf(SchemaType.ListKind.SET, List.of(), Map.of(), SchemaType.Leaf.INSTANCE);
            case "map" -> {
                List<String> keys = new ArrayList<>();
                s.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asString()));
                Map<String, JsonNode> defaults = new LinkedHashMap<>();
                for (String key : keys) {
                    JsonNode d = items.path("properties").path(key).get("default");
                    if (d != null) {
                        defaults.put(key, d);
                    }
                }
                yield new SchemaType.ListOf(SchemaType.ListKind.MAP, List.copyOf(keys), Map.copyOf(defaults),
                        resolve(items));
            }
            default -> SchemaType.ATOMIC_LIST;
        };
    }
}
