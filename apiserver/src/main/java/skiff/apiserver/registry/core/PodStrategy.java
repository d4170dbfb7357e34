package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.ResourceStrategy;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods start Pending with their QoS class (k/k pkg/registry/core/pod/strategy.go PrepareForCreate) and must name
 * at least one container, each with a unique DNS label name and an image (k/k pkg/apis/core/validation
 * validateContainers).
 */
public enum PodStrategy implements ResourceStrategy {
    INSTANCE;

    @Override
    public void applyDefaults(ObjectNode pod) {
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
        List<FieldError> errors = new ArrayList<>();
        JsonNode spec = pod.path("spec");
        JsonNode containers = spec.path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            errors.add(FieldError.required("spec.containers", ""));
        }
        Set<String> names = new HashSet<>();
        validateContainers(spec.path("initContainers"), "spec.initContainers", names, errors);
        validateContainers(containers, "spec.containers", names, errors);
        return errors;
    }

    private static void validateContainers(JsonNode containers, String path, Set<String> names,
            List<FieldError> errors) {
        if (!containers.isArray()) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            JsonNode c = containers.get(i);
            String at = path + "[" + i + "]";
            String name = c.path("name").asString("");
            if (name.isEmpty()) {
                errors.add(FieldError.required(at + ".name", ""));
            } else {
                for (String msg : NameValidation.isDns1123Label(name)) {
                    errors.add(FieldError.invalid(at + ".name", name, msg));
                }
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(at + ".name", name));
                }
            }
            if (c.path("image").asString("").isBlank()) {
                errors.add(FieldError.required(at + ".image", ""));
            }
        }
    }
}
