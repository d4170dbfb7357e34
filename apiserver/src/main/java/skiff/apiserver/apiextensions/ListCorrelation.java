package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Which old item each item of a list corresponds to on an update, for schema ratcheting (k/k 1.32
 * apiextensions-apiserver pkg/apiserver/validation/ratcheting.go correlateOldValueForChildAtNewIndex): in a list of
 * type map the old item with the same keys, in a list without a list type the old item at the same index, in a
 * set or atomic list none.
 */
final class ListCorrelation {
    private static final ListCorrelation NONE = new ListCorrelation(null, null, Map.of());
    private final StructuralSchema list;
    private final JsonNode byIndex;
    private final Map<List<JsonNode>, JsonNode> byKeys;

    private ListCorrelation(StructuralSchema list, JsonNode byIndex, Map<List<JsonNode>, JsonNode> byKeys) {
        this.list = list;
        this.byIndex = byIndex;
        this.byKeys = byKeys;
    }

    static ListCorrelation of(StructuralSchema list, JsonNode old) {
        if (old == null || !old.isArray()) {
            return NONE;
        }
        return switch (list.listType()) {
            case "map" -> {
                Map<List<JsonNode>, JsonNode> byKeys = new HashMap<>();
                old.forEach(item -> byKeys.putIfAbsent(keys(list, item), item));
                yield new ListCorrelation(list, null, byKeys);
            }
            case "" -> new ListCorrelation(list, old, Map.of());
            default -> NONE;
        };
    }

    /** The old item {@code item}, at {@code index} of the new list, corresponds to; null when none. */
    JsonNode old(JsonNode item, int index) {
        if (byIndex != null) {
            return index < byIndex.size() ? byIndex.get(index) : null;
        }
        return byKeys.isEmpty() ? null : byKeys.get(keys(list, item));
    }

    private static List<JsonNode> keys(StructuralSchema list, JsonNode item) {
        List<JsonNode> keys = new ArrayList<>();
        for (String key : list.listMapKeys()) {
            keys.add(item.path(key));
        }
        return keys;
    }
}
