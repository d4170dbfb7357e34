package skiff.apiserver.registry.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.apps.WorkloadValidation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The spec rules of replication controllers, whose selector is a plain map of labels (k/k
 * pkg/apis/core/validation/validation.go ValidateReplicationControllerSpec and ValidatePodTemplateSpecForRC). The
 * selector may change on update.
 */
public enum ReplicationControllerValidation implements WorkloadValidation {
    INSTANCE;

    @Override
    public List<FieldError> validateUpdate(ObjectNode rc, ObjectNode old) {
        return validateSpec(rc.path("spec"), old.path("spec"));
    }

    @Override
    public List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errors = new ArrayList<>();
        long minReady = spec.path("minReadySeconds").asLong(0);
        if (minReady < 0) {
            errors.add(FieldError.invalid("spec.minReadySeconds", minReady, "must be greater than or equal to 0"));
        }
        Map<String, String> selector = GoFields.stringMap(spec, "selector");
        if (selector.isEmpty()) {
            errors.add(FieldError.required("spec.selector", ""));
        }
        long replicas = spec.path("replicas").asLong(0);
        if (replicas < 0) {
            errors.add(FieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0"));
        }
        JsonNode template = spec.get("template");
        if (!GoFields.present(template)) {
            errors.add(FieldError.required("spec.template", ""));
            return errors;
        }
        // k/k validation.go ValidatePodTemplateSpecForRC: a non-empty selector must select the template's labels.
        Map<String, String> labels = GoFields.stringMap(template.path("metadata"), "labels");
        boolean selected = selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        if (!selector.isEmpty() && !selected) {
            JsonNode labelsNode = template.path("metadata").get("labels");
            errors.add(FieldError.invalid("spec.template.metadata.labels",
                    GoFields.present(labelsNode) ? labelsNode : null, "`selector` does not match template `labels`"));
        }
        errors.addAll(PodTemplateValidation.validate(template, "spec.template",
                oldSpec == null ? null : oldSpec.path("template")));
        errors.addAll(PodTemplateValidation.replicable(template, "spec.template", "ReplicationController"));
        return errors;
    }
}
