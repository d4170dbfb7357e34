package skiff.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What changed between two versions of an object, as field sets (structured-merge-diff typed/compare.go): leaves
 * and list items that appeared, changed value, or disappeared. A struct, map or item that appears or disappears as a
 * whole is listed itself as well as its contents; a present null counts as an empty container.
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

    /** Compares {@code before} with {@code after}; either may be null for a missing object. */
    static Comparison of(JsonNode before, JsonNode after, SchemaType type) {
        Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        c.compare(before, after, type, FieldPath.ROOT);
        return c;
    }

    boolean isSame() {
        return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
    }

    /** Added and modified together: what a write takes from other managers. */
    FieldSet changed() {
        return modified.union(added);
    }

    private void compare(JsonNode lhs, JsonNode rhs, SchemaType type, FieldPath path) {
        JsonNode shape = rhs == null ? lhs : rhs;
        boolean sameShape = lhs == null || rhs == null || lhs.isNull() || rhs.isNull()
                || lhs.getNodeType() == rhs.getNodeType();
        if (sameShape && shape.isObject() && !type.atomicObject()) {
            if (isEmptyOrNull(lhs) && isEmptyOrNull(rhs)) {
                leaf(lhs, rhs, path);
                return;
            }
            Set<String> keys = new LinkedHashSet<>();
            if (lhs != null && lhs.isObject()) {
                keys.addAll(lhs.propertyNames());
            }
            if (rhs != null && rhs.isObject()) {
                keys.addAll(rhs.propertyNames());
            }
            for (String key : keys) {
                compare(child(lhs, key), child(rhs, key), type.child(key), path.append(PathElement.field(key)));
            }
            presence(lhs, rhs, path);
            return;
        }
        SchemaType.ListOf list = type.list();
        if (sameShape && shape.isArray() && list.kind() != SchemaType.ListKind.ATOMIC) {
            if (isEmptyOrNull(lhs) && isEmptyOrNull(rhs)) {
                leaf(lhs, rhs, path);
                return;
            }
            compareItems(lhs, rhs, list, path);
            presence(lhs, rhs, path);
            return;
        }
        leaf(lhs, rhs, path);
    }

    private void compareItems(JsonNode lhs, JsonNode rhs, SchemaType.ListOf list, FieldPath path) {
        Map<PathElement, List<JsonNode>> before = index(lhs, list);
        Map<PathElement, List<JsonNode>> after = index(rhs, list);
        Set<PathElement> all = new LinkedHashSet<>(before.keySet());
        all.addAll(after.keySet());
        for (PathElement pe : all) {
            List<JsonNode> l = before.getOrDefault(pe, List.of());
            List<JsonNode> r = after.getOrDefault(pe, List.of());
            FieldPath itemPath = path.append(pe);
            if (l.size() <= 1 && r.size() <= 1) {
                compare(l.isEmpty() ? null : l.getFirst(), r.isEmpty() ? null : r.getFirst(), list.items(), itemPath);
            } else if (l.size() >= 2 && r.size() >= 2) {
                // Duplicated items before and after are compared as one atomic value.
                if (!sameItems(l, r)) {
                    modified.insert(itemPath);
                }
            } else if (l.size() >= 2) {
                if (!r.isEmpty()) {
                    compare(null, r.getFirst(), list.items(), itemPath);
                }
                removed.insert(itemPath);
            } else {
                if (!l.isEmpty()) {
                    compare(l.getFirst(), null, list.items(), itemPath);
                }
                added.insert(itemPath);
            }
        }
    }

    private static Map<PathElement, List<JsonNode>> index(JsonNode items, SchemaType.ListOf list) {
        Map<PathElement, List<JsonNode>> out = new LinkedHashMap<>();
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                out.computeIfAbsent(ListItems.element(list, item), pe -> new ArrayList<>()).add(item);
            }
        }
        return out;
    }

    private static boolean sameItems(List<JsonNode> l, List<JsonNode> r) {
        if (l.size() != r.size()) {
            return false;
        }
        for (int i = 0; i < l.size(); i++) {
            if (!FieldValues.equal(l.get(i), r.get(i))) {
                return false;
            }
        }
        return true;
    }

    private void leaf(JsonNode lhs, JsonNode rhs, FieldPath path) {
        if (lhs == null) {
            added.insert(path);
        } else if (rhs == null) {
            removed.insert(path);
        } else if (!FieldValues.equal(lhs, rhs)) {
            modified.insert(path);
        }
    }

    /** A container that appears or disappears whole is listed too. */
    private void presence(JsonNode lhs, JsonNode rhs, FieldPath path) {
        if (lhs == null) {
            added.insert(path);
        } else if (rhs == null) {
            removed.insert(path);
        }
    }

    private static JsonNode child(JsonNode parent, String key) {
        return parent != null && parent.isObject() ? parent.get(key) : null;
    }

    private static boolean isEmptyOrNull(JsonNode v) {
        return v == null || v.isNull() || v.isEmpty();
    }
}
