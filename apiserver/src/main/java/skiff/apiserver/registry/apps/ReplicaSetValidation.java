package skiff.apiserver.registry.apps;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodTemplateValidation;
import tools.jackson.databind.JsonNode;

/**
 * The spec rules of replica sets (k/k pkg/apis/apps/validation/validation.go ValidateReplicaSetSpec), and the
 * selector and template rules deployments share with them.
 */
public enum ReplicaSetValidation implements WorkloadValidation {
    INSTANCE;

    @Override
    public List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errors = new ArrayList<>(WorkloadFields.nonNegative(spec, "replicas", "spec.replicas"));
        errors.addAll(WorkloadFields.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds"));
        errors.addAll(selectorAndTemplate(spec, oldSpec));
        return errors;
    }

    // k/k apps validation.go ValidateReplicaSetSpec and ValidateDeploymentSpec: a selector is required and may not be
    // empty (both kinds say "deployment" there); the template is checked only against a selector that converts.
    static List<FieldError> selectorAndTemplate(JsonNode spec, JsonNode oldSpec) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode selector = spec.get("selector");
        if (!GoFields.present(selector)) {
            errors.add(FieldError.required("spec.selector", ""));
        } else {
            errors.addAll(WorkloadSelector.validate(selector, "spec.selector"));
            if (WorkloadSelector.empty(selector)) {
                errors.add(FieldError.invalid("spec.selector", WorkloadSelector.badValue(selector),
                        "empty selector is invalid for deployment"));
            }
        }
        if (!WorkloadSelector.convertible(selector)) {
            errors.add(FieldError.invalid("spec.selector", WorkloadSelector.badValue(selector),
                    "invalid label selector"));
            return errors;
        }
        errors.addAll(template(spec, oldSpec));
        return errors;
    }

    // k/k apps validation.go ValidatePodTemplateSpecForReplicaSet: a selector that selects something must select the
    // template's labels (a missing one selects nothing, so it never does).
    private static List<FieldError> template(JsonNode spec, JsonNode oldSpec) {
        JsonNode selector = spec.get("selector");
        JsonNode template = spec.path("template");
        List<FieldError> errors = new ArrayList<>();
        if (!WorkloadSelector.empty(selector)
                && !WorkloadSelector.matches(selector, GoFields.stringMap(template.path("metadata"), "labels"))) {
            errors.add(FieldError.invalid("spec.template.metadata.labels", WorkloadSelector.labelsValue(template),
                    "`selector` does not match template `labels`"));
        }
        errors.addAll(PodTemplateValidation.validate(template, "spec.template",
                oldSpec == null ? null : oldSpec.path("template")));
        errors.addAll(PodTemplateValidation.replicable(template, "spec.template", "ReplicaSet"));
        return errors;
    }
}
