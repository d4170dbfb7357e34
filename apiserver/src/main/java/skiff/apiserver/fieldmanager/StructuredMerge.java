package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges an applied configuration into the live object the way server-side apply does (structured-merge-diff
 * typed/merge.go with the keep-the-applied-value rule): structs and maps merge field by field, set and keyed lists
 * merge item by item, and leaves, atomic lists and atomic structs take the applied value whole.
 */
final class StructuredMerge {
    private StructuredMerge() {}

    /**
     * Merges {@code applied} over {@code live}; either may be null for a missing value. Answers null when nothing
     * is left.
     * @throws IllegalArgumentException when the applied configuration repeats a list key
     */
    static JsonNode merge(JsonNode live, JsonNode applied, SchemaType type) {
        if (applied == null) {
            return live == null ? null : live.deepCopy();
        }
        if (live == null) {
            return applied.deepCopy();
        }
        boolean sameShape = live.isNull() || applied.isNull() || live.getNodeType() == applied.getNodeType();
        JsonNode shape = applied.isNull() ? live : applied;
        if (sameShape && shape.isObject() && !type.atomicObject() && !(isEmpty(live) && isEmpty(applied))) {
            return mergeObject(live, applied, type);
        }
        SchemaType.ListOf list = type.list();
        if (sameShape && shape.isArray() && list.kind() != SchemaType.ListKind.ATOMIC
                && !(isEmpty(live) && isEmpty(applied))) {
            return mergeList(live, applied, list);
        }
        return applied.deepCopy();
    }

    private static JsonNode mergeObject(JsonNode live, JsonNode applied, SchemaType type) {
        ObjectNode out = Json.object();
        Set<String> keys = new LinkedHashSet<>();
        if (live.isObject()) {
            keys.addAll(live.propertyNames());
        }
        if (applied.isObject()) {
            keys.addAll(applied.propertyNames());
        }
        for (String key : keys) {
            JsonNode merged = merge(live.isObject() ? live.get(key) : null, applied.isObject() ? applied.get(key) : null,
                    type.child(key));
            if (merged != null) {
                out.set(key, merged);
            }
        }
        return out.isEmpty() ? null : out;
    }

    // The applied items come in the applied order; live items the configuration does not name keep their place
    // between them, and an item both name is placed where the configuration puts it.
    private static JsonNode mergeList(JsonNode live, JsonNode applied, SchemaType.ListOf list) {
        List<PathElement> rhs = new ArrayList<>();
        Map<PathElement, JsonNode> rhsItems = new LinkedHashMap<>();
        for (JsonNode item : iterable(applied)) {
            PathElement pe = ListItems.element(list, item);
            if (rhsItems.containsKey(pe)) {
                throw new IllegalArgumentException("duplicate entries for key " + pe);
            }
            rhsItems.put(pe, item);
            rhs.add(pe);
        }
        List<PathElement> lhs = new ArrayList<>();
        List<JsonNode> lhsValues = new ArrayList<>();
        Map<PathElement, JsonNode> lhsItems = new LinkedHashMap<>();
        for (JsonNode item : iterable(live)) {
            PathElement pe = ListItems.element(list, item);
            // A repeated live item is not merged with the applied one.
            lhsItems.put(pe, lhsItems.containsKey(pe) ? null : item);
            lhs.add(pe);
            lhsValues.add(item);
        }
        Deque<PathElement> shared = new ArrayDeque<>();
        rhs.stream().filter(lhsItems::containsKey).forEach(shared::add);
        PathElement nextShared = shared.poll();
        Set<PathElement> mergedRhs = new HashSet<>();
        ArrayNode out = Json.mapper().createArrayNode();
        int i = 0;
        int j = 0;
        while (i < lhs.size() || j < rhs.size()) {
            if (i < lhs.size() && j < rhs.size()) {
                PathElement pe = lhs.get(i);
                if (pe.equals(rhs.get(j))) {
                    mergedRhs.add(pe);
                    add(out, merge(lhsItems.get(pe), rhsItems.get(pe), list.items()));
                    i++;
                    j++;
                    nextShared = shared.poll();
                    continue;
                }
                if (rhsItems.containsKey(pe) && nextShared != null && !nextShared.equals(pe)) {
                    i++;
                    continue;
                }
            }
            if (i < lhs.size()) {
                PathElement pe = lhs.get(i);
                if (!rhsItems.containsKey(pe)) {
                    add(out, merge(lhsValues.get(i), null, list.items()));
                    i++;
                    continue;
                } else if (mergedRhs.contains(pe)) {
                    i++;
                }
            }
            if (j < rhs.size()) {
                PathElement pe = rhs.get(j);
                mergedRhs.add(pe);
                add(out, merge(lhsItems.get(pe), rhsItems.get(pe), list.items()));
                j++;
                if (pe.equals(nextShared)) {
                    nextShared = shared.poll();
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static void add(ArrayNode out, JsonNode item) {
        if (item != null) {
            out.add(item);
        }
    }

    private static Iterable<JsonNode> iterable(JsonNode list) {
        return list.isArray() ? list : List.of();
    }

    private static boolean isEmpty(JsonNode v) {
        return v.isNull() || (v.isContainer() && v.isEmpty());
    }
}
