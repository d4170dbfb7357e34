package skiff.apiserver.registry.autoscaling;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The status subresource of autoscaling/v2 HorizontalPodAutoscalers (k/k
 * pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go statusStrategy, 1.32): only the status changes, and
 * its replica counts are not negative.
 */
public enum HorizontalPodAutoscalerStatusStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void prepareForUpdate(ObjectNode hpa, ObjectNode old) {
        JsonNode status = hpa.get("status");
        hpa.removeAll();
        hpa.setAll(old.deepCopy());
        if (status == null) {
            hpa.remove("status");
        } else {
            hpa.set("status", status);
        }
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode hpa, ObjectNode old) {
        return HorizontalPodAutoscalerValidation.validateStatus(hpa);
    }
}
