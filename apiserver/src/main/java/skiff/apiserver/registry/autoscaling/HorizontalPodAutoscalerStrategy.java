package skiff.apiserver.registry.autoscaling;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * autoscaling/v2 HorizontalPodAutoscalers (k/k pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go, 1.32):
 * a create starts without status, an update keeps the stored status, and the spec is validated.
 */
public enum HorizontalPodAutoscalerStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void applyDefaults(ObjectNode hpa) {
        HorizontalPodAutoscalerDefaults.apply(hpa);
    }

    @Override
    public void prepareForCreate(ObjectNode hpa) {
        hpa.remove("status");
    }

    @Override
    public void prepareForUpdate(ObjectNode hpa, ObjectNode old) {
        JsonNode status = old.get("status");
        if (status == null) {
            hpa.remove("status");
        } else {
            hpa.set("status", status.deepCopy());
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode hpa) {
        return HorizontalPodAutoscalerValidation.validate(hpa, 1);
    }

    // validation.go ValidateHorizontalPodAutoscalerUpdate: a stored minReplicas of 0 may stay 0.
    @Override
    public List<FieldError> validateUpdate(ObjectNode hpa, ObjectNode old) {
        JsonNode oldMin = old.path("spec").get("minReplicas");
        boolean wasZero = oldMin != null && oldMin.isNumber() && oldMin.asLong() == 0;
        return HorizontalPodAutoscalerValidation.validate(hpa, wasZero ? 0 : 1);
    }
}
