package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drops the fields a structural schema does not specify, in place, and names them for fieldValidation (k/k 1.32
 * apiextensions-apiserver pkg/apiserver/schema/pruning/algorithm.go): apiVersion, kind and metadata stay at the root
 * and in embedded resources; x-kubernetes-preserve-unknown-fields keeps everything below it that has no schema.
 */
public final class SchemaPruning {
    private static final Set<String> TYPE_META = Set.of("apiVersion", "kind", "metadata");

    private final List<String> pruned = new ArrayList<>();

    private SchemaPruning() {}

    /** Prunes a whole custom object; answers the paths removed ({@code spec.foo}). */
    public static List<String> prune(ObjectNode object, StructuralSchema schema) {
        SchemaPruning p = new SchemaPruning();
        p.object(object, schema, "", true);
        return List.copyOf(p.pruned);
    }

    private void value(JsonNode value, StructuralSchema s, String path) {
        if (s == null) {
            return;
        }
        if (value instanceof ObjectNode o) {
            object(o, s, path, s.embeddedResource());
        } else if (value.isArray() && s.items() != null) {
            for (int i = 0; i < value.size(); i++) {
                value(value.get(i), s.items(), path + "[" + i + "]");
            }
        }
    }

    private void object(ObjectNode o, StructuralSchema s, String path, boolean keepTypeMeta) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (keepTypeMeta && TYPE_META.contains(name)) {
                continue; // ObjectMeta is pruned by its own type, not by the schema.
            }
            String at = SchemaValidator.child(path, name);
            StructuralSchema child = s.properties().get(name);
            if (child == null) {
                child = s.additionalProperties();
            }
            if (child == null) {
                if (!s.preserveUnknownFields()) {
                    pruned.add(at);
                    it.remove();
                }
                continue;
            }
            value(e.getValue(), child, at);
        }
    }
}
