package skiff.apiserver.fieldmanager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The merge-relevant part of the served kinds' schemas: which lists are atomic, sets or keyed (and by what), which
 * structs and maps are atomic, and which struct fields hold objects. The facts are the list-type and map-key markers
 * Kubernetes declares on its API types (as published in client-go's structured-merge schema); scalar fields are
 * left out and resolve as deduced.
 * Kinds it does not describe are deduced from their values.
 */
public final class MergeSchema {
    private static final String RESOURCE = "merge-schema.json";
    private static final MergeSchema BUILTIN = load();

    private final Map<String, String> kinds;
    private final Map<String, JsonNode> types;
    private final Map<String, SchemaType> resolved = new ConcurrentHashMap<>();

    private MergeSchema(Map<String, String> kinds, Map<String, JsonNode> types) {
        this.kinds = kinds;
        this.types = types;
    }

    public static MergeSchema builtin() {
        return BUILTIN;
    }

    /** The type of a whole object of this kind ("apps/v1", "Deployment"). */
    SchemaType root(String apiVersion, String kind) {
        String name = kinds.get(apiVersion + "/" + kind);
        return name == null ? SchemaType.Deduced.INSTANCE : named(name);
    }

    /** A named type of the built-in schema ("meta.v1.ObjectMeta"). */
    SchemaType type(String name) {
        return named(name);
    }

    private SchemaType named(String name) {
        SchemaType known = resolved.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = types.get(name);
        if (definition == null) {
            throw new IllegalStateException("merge schema has no type " + name);
        }
        SchemaType type = inline(definition);
        resolved.put(name, type);
        return type;
    }

    /** Resolves a reference: a type name, "scalar", "atomic", "deduced", or an inline list, map or struct. */
    private SchemaType resolve(JsonNode ref) {
        if (ref.isString()) {
            return switch (ref.stringValue()) {
                case "scalar", "atomic" -> SchemaType.Leaf.INSTANCE;
                case "deduced" -> SchemaType.Deduced.INSTANCE;
                default -> named(ref.stringValue());
            };
        }
        return inline(ref);
    }

    private SchemaType inline(JsonNode def) {
        if (def.isString()) {
            return resolve(def);
        }
        if (def.has("fields")) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            def.get("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
            return new SchemaType.Struct(fields, def.path("atomic").asBoolean(false), this::resolve);
        }
        if (def.has("map")) {
            boolean atomic = def.get("map").stringValue().equals("atomic");
            SchemaType values = def.has("values") ? resolve(def.get("values")) : SchemaType.Leaf.INSTANCE;
            return new SchemaType.MapOf(values, atomic);
        }
        if (def.has("list")) {
            return switch (def.get("list").stringValue()) {
                case "set" -> new SchemaType.ListOf(SchemaType.ListKind.SET, List.of(), Map.of(),
                        SchemaType.Leaf.INSTANCE);
                case "map" -> keyedList(def);
                default -> SchemaType.ATOMIC_LIST;
            };
        }
        throw new IllegalStateException("merge schema has an unreadable type: " + def);
    }

    private SchemaType keyedList(JsonNode def) {
        List<String> keys = new ArrayList<>();
        def.get("keys").forEach(k -> keys.add(k.stringValue()));
        Map<String, JsonNode> defaults = new LinkedHashMap<>();
        def.path("keyDefaults").properties().forEach(e -> defaults.put(e.getKey(), e.getValue()));
        return new SchemaType.ListOf(SchemaType.ListKind.MAP, List.copyOf(keys), Map.copyOf(defaults),
                resolve(def.get("items")));
    }

    private static MergeSchema load() {
        try (InputStream in = MergeSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            JsonNode doc = Json.parse(in.readAllBytes());
            Map<String, String> kinds = new LinkedHashMap<>();
            doc.get("kinds").properties().forEach(e -> kinds.put(e.getKey(), e.getValue().stringValue()));
            Map<String, JsonNode> types = new LinkedHashMap<>();
            doc.get("types").properties().forEach(e -> types.put(e.getKey(), e.getValue()));
            return new MergeSchema(Map.copyOf(kinds), Map.copyOf(types));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
