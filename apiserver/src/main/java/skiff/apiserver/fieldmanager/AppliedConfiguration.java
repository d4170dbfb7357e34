package skiff.apiserver.fieldmanager;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks of an applied configuration before it is merged (structured-merge-diff typed/validate.go, as the field
 * manager types the patch object without allowing duplicates): a set or keyed list may not name an item twice.
 */
final class AppliedConfiguration {
    private AppliedConfiguration() {}

    /** @throws IllegalArgumentException naming the list and the repeated key */
    static void requireUniqueItems(JsonNode config, SchemaType type) {
        check(config, type, FieldPath.ROOT);
    }

    private static void check(JsonNode value, SchemaType type, FieldPath path) {
        if (value.isObject() && !type.atomicObject()) {
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                check(e.getValue(), type.child(e.getKey()), path.append(PathElement.field(e.getKey())));
            }
            return;
        }
        SchemaType.ListOf list = type.list();
        if (!value.isArray() || list.kind() == SchemaType.ListKind.ATOMIC) {
            return;
        }
        Set<PathElement> seen = new HashSet<>();
        for (JsonNode item : value) {
            PathElement pe;
            try {
                pe = ListItems.element(list, item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage());
            }
            if (!seen.add(pe)) {
                throw new IllegalArgumentException(path + ": duplicate entries for key " + pe);
            }
            check(item, list.items(), path.append(pe));
        }
    }
}
