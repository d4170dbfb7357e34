package skiff.apiserver.openapi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The named schemas of an OpenAPI v3 document ({@code components.schemas}) and the references between them. */
final class SchemaGraph {
    static final String V3_PREFIX = "#/components/schemas/";

    private SchemaGraph() {
    }

    /** The names {@code node} refers to with {@code $ref}, at any depth. */
    static Set<String> references(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString() && ref.asString().startsWith(V3_PREFIX)) {
                names.add(ref.asString().substring(V3_PREFIX.length()));
            }
            for (var property : node.properties()) {
                collect(property.getValue(), names);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, names);
            }
        }
    }

    /** {@code roots} and every schema of {@code schemas} they reach through references, in first-reached order. */
    static Set<String> closure(ObjectNode schemas, Set<String> roots) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            JsonNode schema = schemas.get(name);
            if (schema != null && reached.add(name)) {
                pending.addAll(references(schema));
            }
        }
        return reached;
    }

    /** A copy of {@code schemas} with only the named ones, in {@code schemas}' order. */
    static ObjectNode only(ObjectNode schemas, Set<String> names) {
        ObjectNode kept = schemas.objectNode();
        for (var entry : schemas.properties()) {
            if (names.contains(entry.getKey())) {
                kept.set(entry.getKey(), entry.getValue());
            }
        }
        return kept;
    }
}
