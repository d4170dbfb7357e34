package skiff.apiserver.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strategic merge patch for the built-in types (k/k apimachinery pkg/util/strategicpatch/patch.go): like a merge
 * patch, except that lists with a merge key merge element by element, lists of primitives declared "merge" union,
 * and the directives {@code $patch}, {@code $setElementOrder/}, {@code $deleteFromPrimitiveList/} and
 * {@code $retainKeys} apply. Merge keys come from the field names, as the built-in types declare them.
 */
public final class StrategicMergePatch {
    private static final String DIRECTIVE = "$patch";
    private static final String ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";
    private static final String RETAIN_KEYS = "$retainKeys";

    private StrategicMergePatch() {}

    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        // k/k apimachinery strategicpatch (1.32): a delete directive on the root leaves an empty object.
        JsonNode merged = mergeObject(target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : ((ObjectNode) patch).objectNode(), (ObjectNode) patch);
        return merged == null ? ((ObjectNode) patch).objectNode() : merged;
    }

    private static JsonNode mergeObject(ObjectNode target, ObjectNode patch) {
        String directive = patch.path(DIRECTIVE).asString("");
        if (directive.equals("delete")) {
            return null;
        }
        if (directive.equals("replace")) {
            ObjectNode replaced = patch.deepCopy();
            replaced.remove(DIRECTIVE);
            return replaced;
        }
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null && retain.isArray()) {
            Set<String> keep = new java.util.HashSet<>();
            retain.forEach(k -> keep.add(k.asString()));
            for (String name : new ArrayList<>(target.propertyNames())) {
                if (!keep.contains(name)) {
                    target.remove(name);
                }
            }
        }
        Map<String, JsonNode> orders = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : new ArrayList<>(patch.properties())) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals(DIRECTIVE) || key.equals(RETAIN_KEYS)) {
                continue;
            }
            if (key.startsWith(ORDER)) {
                orders.put(key.substring(ORDER.length()), value);
                continue;
            }
            if (key.startsWith(DELETE_PRIMITIVE)) {
                String field = key.substring(DELETE_PRIMITIVE.length());
                JsonNode list = target.get(field);
                if (list != null && list.isArray()) {
                    Set<String> remove = new java.util.HashSet<>();
                    value.forEach(v -> remove.add(v.toString()));
                    ArrayNode kept = target.arrayNode();
                    list.forEach(v -> {
                        if (!remove.contains(v.toString())) {
                            kept.add(v);
                        }
                    });
                    target.set(field, kept);
                }
                continue;
            }
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject()) {
                JsonNode merged = mergeObject(target.get(key) instanceof ObjectNode o ? o : target.objectNode(),
                        (ObjectNode) value);
                if (merged == null) {
                    target.remove(key);
                } else {
                    target.set(key, merged);
                }
            } else if (value.isArray()) {
                target.set(key, mergeList(key, target.get(key), (ArrayNode) value));
            } else {
                target.set(key, value.deepCopy());
            }
        }
        orders.forEach((field, order) -> {
            JsonNode list = target.get(field);
            if (list instanceof ArrayNode a && order.isArray()) {
                target.set(field, reorder(field, a, (ArrayNode) order));
            }
        });
        return target;
    }

    private static JsonNode mergeList(String field, JsonNode current, ArrayNode patch) {
        String mergeKey = MergeKeys.forList(field, patch);
        // A list-level directive is an element holding only "$patch": replace keeps the other elements alone.
        String listDirective = "";
        ArrayNode items = patch.arrayNode();
        for (JsonNode item : patch) {
            if (item.isObject() && item.size() == 1 && item.has(DIRECTIVE)) {
                listDirective = item.get(DIRECTIVE).asString("");
            } else {
                items.add(item);
            }
        }
        if (listDirective.equals("replace")) {
            return items.deepCopy();
        }
        if (listDirective.equals("delete")) {
            return patch.arrayNode();
        }
        patch = items;
        if (mergeKey == null) {
            if (MergeKeys.isMergedPrimitiveList(field) && current instanceof ArrayNode a) {
                ArrayNode merged = a.deepCopy();
                Set<String> seen = new java.util.HashSet<>();
                a.forEach(v -> seen.add(v.toString()));
                patch.forEach(v -> {
                    if (seen.add(v.toString())) {
                        merged.add(v.deepCopy());
                    }
                });
                return merged;
            }
            ArrayNode replaced = patch.arrayNode();
            patch.forEach(v -> {
                if (!(v.isObject() && v.has(DIRECTIVE))) {
                    replaced.add(v.deepCopy());
                }
            });
            return replaced;
        }
        List<JsonNode> result = new ArrayList<>();
        if (current instanceof ArrayNode a) {
            a.forEach(v -> result.add(v.deepCopy()));
        }
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                result.add(item.deepCopy());
                continue;
            }
            String keyValue = item.path(mergeKey).toString();
            int index = indexOf(result, mergeKey, keyValue);
            String directive = item.path(DIRECTIVE).asString("");
            if (directive.equals("delete")) {
                if (index >= 0) {
                    result.remove(index);
                }
                continue;
            }
            if (index >= 0) {
                JsonNode merged = mergeObject((ObjectNode) result.get(index), (ObjectNode) item);
                if (merged == null) {
                    result.remove(index);
                } else {
                    result.set(index, merged);
                }
            } else {
                ObjectNode added = (ObjectNode) item.deepCopy();
                added.remove(DIRECTIVE);
                result.add(added);
            }
        }
        ArrayNode out = patch.arrayNode();
        result.forEach(out::add);
        return out;
    }

    /** Orders a merged list as {@code $setElementOrder} says; items it does not name keep their place at the end. */
    private static ArrayNode reorder(String field, ArrayNode list, ArrayNode order) {
        String mergeKey = MergeKeys.forList(field, order);
        List<JsonNode> remaining = new ArrayList<>();
        list.forEach(remaining::add);
        ArrayNode out = list.arrayNode();
        for (JsonNode o : order) {
            String wanted = mergeKey == null ? o.toString() : o.path(mergeKey).toString();
            for (int i = 0; i < remaining.size(); i++) {
                JsonNode candidate = remaining.get(i);
                String have = mergeKey == null ? candidate.toString() : candidate.path(mergeKey).toString();
                if (have.equals(wanted)) {
                    out.add(candidate);
                    remaining.remove(i);
                    break;
                }
            }
        }
        remaining.forEach(out::add);
        return out;
    }

    private static int indexOf(List<JsonNode> items, String mergeKey, String keyValue) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).path(mergeKey).toString().equals(keyValue)) {
                return i;
            }
        }
        return -1;
    }
}
