package skiff.apiserver.registry;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * k/k apimachinery pkg/apis/meta/v1/types.go ObjectMeta: its maps and lists are omitempty, so an object that went
 * through the API never keeps an empty one (removing the last label leaves no {@code labels} at all).
 */
final class EmptyMetadataFields {
    private static final List<String> OMITTED_WHEN_EMPTY =
            List.of("labels", "annotations", "finalizers", "ownerReferences", "managedFields");

    private EmptyMetadataFields() {}

    static void drop(ObjectNode meta) {
        for (String field : OMITTED_WHEN_EMPTY) {
            JsonNode value = meta.get(field);
            if (value != null && (value.isNull() || value.isContainer() && value.isEmpty())) {
                meta.remove(field);
            }
        }
    }
}
