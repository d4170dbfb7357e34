package skiff.apiserver.fieldmanager;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Names the items of set and keyed lists (structured-merge-diff typed/helpers.go listItemToPathElement): a keyed
 * item by its key fields, a key it leaves out taking the schema's default for it, and a set item by its value.
 */
final class ListItems {
    private ListItems() {}

    /** @throws IllegalArgumentException when the item cannot be named in such a list */
    static PathElement element(SchemaType.ListOf list, JsonNode item) {
        if (list.kind() == SchemaType.ListKind.SET) {
            if (item.isContainer() || item.isNull()) {
                throw new IllegalArgumentException("set lists may only hold scalar values, not " + item);
            }
            return PathElement.value(item);
        }
        if (!item.isObject()) {
            throw new IllegalArgumentException("associative list with keys may not have non-map elements");
        }
        Map<String, JsonNode> key = new LinkedHashMap<>();
        for (String name : list.keys()) {
            JsonNode value = item.get(name);
            if (value != null) {
                key.put(name, value);
            } else if (list.keyDefaults().containsKey(name)) {
                key.put(name, list.keyDefaults().get(name));
            }
        }
        return PathElement.key(key);
    }
}
