package skiff.apiserver.registry.apps;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodTemplateValidation;
import tools.jackson.databind.JsonNode;

/**
 * The spec rules of daemon sets (k/k pkg/apis/apps/validation/validation.go ValidateDaemonSetSpec). Unlike the other
 * kinds, a missing selector is not reported as required: it selects nothing, so the template's labels do not match.
 */
public enum DaemonSetValidation implements WorkloadValidation {
    INSTANCE;

    // k/k apps validation.go ValidateDaemonSetSpec, in its order.
    @Override
    public List<FieldError> validateSpec(JsonNode spec, JsonNode oldSpec) {
        JsonNode selector = spec.get("selector");
        JsonNode template = spec.path("template");
        List<FieldError> errors = new ArrayList<>(WorkloadSelector.validate(selector, "spec.selector"));
        if (WorkloadSelector.convertible(selector)
                && !WorkloadSelector.matches(selector, GoFields.stringMap(template.path("metadata"), "labels"))) {
            errors.add(FieldError.invalid("spec.template.metadata.labels", WorkloadSelector.labelsValue(template),
                    "`selector` does not match template `labels`"));
        }
        if (WorkloadSelector.empty(selector)) {
            errors.add(FieldError.invalid("spec.selector", WorkloadSelector.badValue(selector),
                    "empty selector is invalid for daemonset"));
        }
        errors.addAll(PodTemplateValidation.validate(template, "spec.template",
                oldSpec == null ? null : oldSpec.path("template")));
        errors.addAll(PodTemplateValidation.replicable(template, "spec.template", "DaemonSet"));
        errors.addAll(WorkloadFields.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds"));
        errors.addAll(updateStrategy(spec.path("updateStrategy")));
        if (GoFields.present(spec.get("revisionHistoryLimit"))) {
            errors.addAll(WorkloadFields.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit"));
        }
        return errors;
    }

    // k/k apps validation.go ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet: exactly one of
    // maxUnavailable and maxSurge is non-zero.
    private static List<FieldError> updateStrategy(JsonNode strategy) {
        String path = "spec.updateStrategy";
        List<FieldError> errors = new ArrayList<>();
        switch (GoFields.text(strategy, "type")) {
            case "OnDelete" -> { }
            case "RollingUpdate" -> {
                JsonNode rolling = strategy.get("rollingUpdate");
                if (!GoFields.present(rolling)) {
                    errors.add(FieldError.required(path + ".rollingUpdate", ""));
                    break;
                }
                String at = path + ".rollingUpdate";
                JsonNode unavailable = rolling.get("maxUnavailable");
                JsonNode surge = rolling.get("maxSurge");
                errors.addAll(IntOrPercent.validatePositive(unavailable, at + ".maxUnavailable"));
                errors.addAll(IntOrPercent.validatePositive(surge, at + ".maxSurge"));
                errors.addAll(IntOrPercent.notMoreThan100Percent(unavailable, at + ".maxUnavailable"));
                errors.addAll(IntOrPercent.notMoreThan100Percent(surge, at + ".maxSurge"));
                boolean hasUnavailable = IntOrPercent.value(unavailable) != 0;
                boolean hasSurge = IntOrPercent.value(surge) != 0;
                if (hasUnavailable && hasSurge) {
                    errors.add(FieldError.invalid(at + ".maxSurge", surge,
                            "may not be set when maxUnavailable is non-zero"));
                } else if (!hasUnavailable && !hasSurge) {
                    errors.add(FieldError.required(at + ".maxUnavailable", "cannot be 0 when maxSurge is 0"));
                }
            }
            default -> errors.add(FieldError.notSupported(path, WorkloadFields.struct(strategy, "type", "rollingUpdate"),
                    List.of("RollingUpdate", "OnDelete")));
        }
        return errors;
    }
}
