package skiff.apiserver.registry.core;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's status subresource (k/k pkg/registry/core/pod/strategy.go podStatusStrategy, 1.32): the spec, the owner
 * references and the deletion timestamp stay as stored, a status without a QoS class keeps the stored one, and the
 * status is validated as ValidatePodStatusUpdate does ({@link PodStatusValidation}). Labels, annotations and
 * finalizers may change here as on the main endpoint.
 */
enum PodStatusStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForUpdate(ObjectNode pod, ObjectNode old) {
        pod.set("spec", old.path("spec").deepCopy());
        ObjectNode meta = pod.withObject("metadata");
        for (String field : List.of("ownerReferences", "deletionTimestamp")) {
            JsonNode stored = old.path("metadata").get(field);
            if (stored == null) {
                meta.remove(field);
            } else {
                meta.set(field, stored.deepCopy());
            }
        }
        String qosClass = old.path("status").path("qosClass").asString("");
        if (pod.path("status").path("qosClass").asString("").isEmpty() && !qosClass.isEmpty()) {
            pod.withObject("status").put("qosClass", qosClass);
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode pod, ObjectNode old) {
        return PodStatusValidation.validate(pod, old);
    }
}
