package skiff.apiserver.registry.core;

import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status subresource of resources without status rules of their own: a write changes the status and nothing else
 * (k/k apiserver pkg/registry/rest/update.go ResetObjectMetaForStatus, with the spec kept as the workload status
 * strategies keep it).
 */
enum StatusOnlyStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForUpdate(ObjectNode object, ObjectNode old) {
        JsonNode status = object.get("status");
        object.removeAll();
        object.setAll(old.deepCopy());
        if (status == null) {
            object.remove("status");
        } else {
            object.set("status", status);
        }
    }
}
