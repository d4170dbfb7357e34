package skiff.apiserver.fieldmanager;

import java.util.Map;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes the members of a field set from a value, each with everything below it (structured-merge-diff
 * typed/remove.go). A map or list left with nothing becomes null, as the typed value would; atomic values are never
 * entered.
 */
final class ItemRemover {
    private ItemRemover() {}

    static JsonNode remove(JsonNode value, FieldSet toRemove, SchemaType type) {
        if (toRemove.isEmpty() || value.isNull() || (value.isContainer() && value.isEmpty())) {
            return value;
        }
        if (value.isObject() && !type.atomicObject()) {
            ObjectNode out = Json.object();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                PathElement pe = PathElement.field(e.getKey());
                if (toRemove.members().contains(pe)) {
                    continue;
                }
                FieldSet below = toRemove.withPrefix(pe);
                out.set(e.getKey(), below.isEmpty() ? e.getValue() : remove(e.getValue(), below, type.child(e.getKey())));
            }
            return out.isEmpty() ? NullNode.getInstance() : out;
        }
        SchemaType.ListOf list = type.list();
        if (value.isArray() && list.kind() != SchemaType.ListKind.ATOMIC) {
            ArrayNode out = Json.mapper().createArrayNode();
            for (JsonNode item : value) {
                PathElement pe = ListItems.element(list, item);
                if (toRemove.members().contains(pe)) {
                    continue;
                }
                FieldSet below = toRemove.withPrefix(pe);
                out.add(below.isEmpty() ? item : remove(item, below, list.items()));
            }
            return out.isEmpty() ? NullNode.getInstance() : out;
        }
        return value;
    }
}
