package skiff.apiserver.registry;

import java.util.function.Predicate;
import skiff.api.selector.FieldSelector;
import skiff.api.selector.LabelSelector;
import tools.jackson.databind.node.ObjectNode;

/**
 * The list and watch query parameters (k/k apimachinery pkg/apis/meta/v1 ListOptions).
 *
 * @param resourceVersion "" for the most recent state, "0" for any cached state, else a revision
 * @param resourceVersionMatch "", "NotOlderThan" or "Exact"
 * @param limit 0 for no limit
 * @param continueToken the token of a previous page, or null
 */
public record ListOptions(
        LabelSelector labelSelector,
        FieldSelector fieldSelector,
        String resourceVersion,
        String resourceVersionMatch,
        long limit,
        String continueToken,
        boolean allowWatchBookmarks,
        long timeoutSeconds) {

    public static ListOptions everything() {
        return new ListOptions(LabelSelector.everything(), FieldSelector.parse(""), "", "", 0, null, false, 0);
    }

    /** Whether a stored object matches both selectors; {@code conversion} names the stored field of each label. */
    public Predicate<ObjectNode> filter(StorageConversion conversion) {
        if (labelSelector.isEverything() && fieldSelector.isEverything()) {
            return o -> true;
        }
        boolean metadataOnly = fieldSelector.requirements().stream()
                .allMatch(r -> r.field().equals("metadata.name") || r.field().equals("metadata.namespace"));
        return o -> {
            if (!labelSelector.matches(StoredObjects.labels(o))) {
                return false;
            }
            if (fieldSelector.isEverything()) {
                return true;
            }
            // Conversion keeps an object's name and namespace (k/k 1.32 apiextensions-apiserver webhook_converter.go
            // restoreObjectMeta), so selecting only by them needs no conversion, which may call a webhook.
            ObjectNode selectable = metadataOnly ? o : conversion.selectable(o);
            return fieldSelector.matches(field -> StoredObjects.fieldValue(selectable,
                    conversion.storedFieldLabel(field)));
        };
    }
}
