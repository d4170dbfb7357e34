package skiff.apiserver.registry.core;

import java.util.List;
import java.util.OptionalLong;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods start Pending with their QoS class (k/k pkg/registry/core/pod/strategy.go PrepareForCreate), are validated as
 * pods (PodValidation, PodUpdateValidation) and are deleted gracefully (PodGracePeriod).
 */
public enum PodStrategy implements ResourceStrategy {
    INSTANCE;

    // Go decodes a missing spec into an empty struct, which defaulting then fills in like any other.
    @Override
    public void applyDefaults(ObjectNode pod) {
        if (pod.get("spec") == null || pod.get("spec").isNull()) {
            pod.putObject("spec");
        }
        if (pod.get("spec") instanceof ObjectNode spec) {
            PodSpecDefaults.applyToPodSpec(spec);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
        ObjectNode status = object.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", QosClass.of(object.path("spec")));
    }

    @Override
    public List<FieldError> validate(ObjectNode pod) {
        return PodValidation.validateCreate(pod);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode pod, ObjectNode old) {
        return PodUpdateValidation.validate(pod, old);
    }

    @Override
    public OptionalLong gracePeriod(ObjectNode pod, Long requested) {
        return OptionalLong.of(PodGracePeriod.resolve(pod, requested));
    }
}
