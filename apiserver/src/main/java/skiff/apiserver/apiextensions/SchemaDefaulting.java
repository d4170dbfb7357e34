package skiff.apiserver.apiextensions;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills in the schema's defaults, in place, top down: a missing property (or one set to null when the property is
 * not nullable) with a default gets it, then its children are defaulted too (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/schema/defaulting/algorithm.go Default).
 */
public final class SchemaDefaulting {
    private SchemaDefaulting() {}

    public static void apply(JsonNode value, StructuralSchema s) {
        if (s == null) {
            return;
        }
        if (value instanceof ObjectNode o) {
            for (Map.Entry<String, StructuralSchema> p : s.properties().entrySet()) {
                JsonNode current = o.get(p.getKey());
                StructuralSchema child = p.getValue();
                if (child.defaultValue() != null
                        && (current == null || (current.isNull() && !child.nullable()))) {
                    o.set(p.getKey(), child.defaultValue().deepCopy());
                }
            }
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                StructuralSchema child = s.properties().get(e.getKey());
                apply(e.getValue(), child != null ? child : s.additionalProperties());
            }
        } else if (value.isArray() && s.items() != null) {
            for (JsonNode item : value) {
                apply(item, s.items());
            }
        }
    }
}
