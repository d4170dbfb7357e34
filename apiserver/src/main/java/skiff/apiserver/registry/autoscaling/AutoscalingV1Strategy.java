package skiff.apiserver.registry.autoscaling;

import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/**
 * An autoscaling/v2 strategy applied to autoscaling/v1 objects, as Kubernetes applies its rules to the internal
 * version an autoscaling/v1 request is converted to: each object is converted to v2, handed to the v2 strategy, and
 * written back as v1 (errors name v2 paths, as Kubernetes' do). Only the defaults are v1's own (k/k
 * pkg/apis/autoscaling/v1/defaults.go, 1.32: minReplicas 1); the conversion adds the cpu target.
 */
public record AutoscalingV1Strategy(ResourceStrategy v2) implements ResourceStrategy {
    private static final AutoscalingV1Conversion CONVERSION = AutoscalingV1Conversion.INSTANCE;

    @Override
    public void applyDefaults(ObjectNode hpa) {
        if (hpa.get("spec") instanceof ObjectNode spec && !spec.hasNonNull("minReplicas")) {
            spec.put("minReplicas", 1);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode hpa) {
        ObjectNode stored = CONVERSION.toStored(hpa);
        v2.prepareForCreate(stored);
        replace(hpa, stored);
    }

    @Override
    public void prepareForUpdate(ObjectNode hpa, ObjectNode old) {
        ObjectNode stored = CONVERSION.toStored(hpa);
        v2.prepareForUpdate(stored, CONVERSION.toStored(old));
        replace(hpa, stored);
    }

    @Override
    public List<FieldError> validate(ObjectNode hpa) {
        return v2.validate(CONVERSION.toStored(hpa));
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode hpa, ObjectNode old) {
        return v2.validateUpdate(CONVERSION.toStored(hpa), CONVERSION.toStored(old));
    }

    private static void replace(ObjectNode hpa, ObjectNode stored) {
        ObjectNode served = CONVERSION.toServed(stored);
        hpa.removeAll();
        hpa.setAll(served);
    }
}
