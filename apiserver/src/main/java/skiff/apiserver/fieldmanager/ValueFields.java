package skiff.apiserver.fieldmanager;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The set of fields a value sets (structured-merge-diff typed/tofieldset.go): every leaf, every item of a set or
 * keyed list, and every map entry, null or empty object. Struct fields that only hold other fields are not members
 * themselves. An applied configuration's set is exactly what its manager comes to own.
 */
final class ValueFields {
    private ValueFields() {}

    /** @throws IllegalArgumentException when a list item cannot be named (a keyed list holding non-objects) */
    static FieldSet of(JsonNode value, SchemaType type) {
        FieldSet set = new FieldSet();
        walk(value, type, FieldPath.ROOT, set);
        return set;
    }

    private static void walk(JsonNode value, SchemaType type, FieldPath path, FieldSet set) {
        if (value.isObject() && !type.atomicObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                JsonNode child = e.getValue();
                FieldPath childPath = path.append(PathElement.field(e.getKey()));
                walk(child, type.child(e.getKey()), childPath, set);
                boolean declared = type instanceof SchemaType.Struct s && s.declares(e.getKey());
                if (child.isNull() || (child.isObject() && child.isEmpty()) || !declared) {
                    set.insert(childPath);
                }
            }
            return;
        }
        SchemaType.ListOf list = type.list();
        if (value.isArray() && list.kind() != SchemaType.ListKind.ATOMIC) {
            walkItems(value, list, path, set);
            return;
        }
        set.insert(path);
    }

    private static void walkItems(JsonNode items, SchemaType.ListOf list, FieldPath path, FieldSet set) {
        Set<PathElement> seen = new HashSet<>();
        Set<PathElement> duplicates = new HashSet<>();
        for (JsonNode item : items) {
            PathElement pe = ListItems.element(list, item);
            if (!seen.add(pe) && duplicates.add(pe)) {
                set.insert(path.append(pe));
            }
        }
        for (JsonNode item : items) {
            PathElement pe = ListItems.element(list, item);
            if (duplicates.contains(pe)) {
                continue;
            }
            FieldPath itemPath = path.append(pe);
            walk(item, list.items(), itemPath, set);
            set.insert(itemPath);
        }
    }
}
