package skiff.apiserver.registry.batch;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodTemplateValidation;
import tools.jackson.databind.JsonNode;

/** The spec rules of a Job and of a CronJob's job template (k/k pkg/apis/batch/validation/validation.go, 1.32). */
final class JobValidation {
    // k/k batch validation.go completionsSoftLimit: an Indexed job's completions are at most 10^5.
    private static final long MAX_INDEXED_COMPLETIONS = 100_000;

    private JobValidation() {}

    /** {@code selectorRequired}: a Job's own spec needs one (generated or manual); a CronJob's template need not. */
    static List<FieldError> spec(JsonNode spec, String path, boolean selectorRequired) {
        List<FieldError> errors = new ArrayList<>();
        for (String field : List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes")) {
            long value = spec.path(field).asLong(0);
            if (value < 0) {
                errors.add(FieldError.invalid(path + "." + field, value, "must be greater than or equal to 0"));
            }
        }
        String mode = GoFields.text(spec, "completionMode");
        boolean indexed = mode.equals("Indexed");
        if (!mode.isEmpty() && !indexed && !mode.equals("NonIndexed")) {
            errors.add(FieldError.notSupported(path + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
        }
        if (indexed) {
            if (!GoFields.present(spec.get("completions"))) {
                errors.add(FieldError.required(path + ".completions", "when completion mode is Indexed"));
            } else if (spec.path("completions").asLong() > MAX_INDEXED_COMPLETIONS) {
                errors.add(FieldError.invalid(path + ".completions", spec.path("completions").asLong(),
                        "must be less than or equal to " + MAX_INDEXED_COMPLETIONS + " when completion mode is Indexed"));
            }
        }
        if (GoFields.present(spec.get("backoffLimitPerIndex")) && !indexed) {
            errors.add(FieldError.forbidden(path + ".backoffLimitPerIndex", "requires indexed completion mode"));
        }
        if (GoFields.present(spec.get("maxFailedIndexes")) && !GoFields.present(spec.get("backoffLimitPerIndex"))) {
            errors.add(FieldError.required(path + ".backoffLimitPerIndex",
                    "when maxFailedIndexes is specified"));
        }
        if (GoFields.present(spec.get("podFailurePolicy"))
                && "TerminatingOrFailed".equals(GoFields.text(spec, "podReplacementPolicy"))) {
            errors.add(FieldError.notSupported(path + ".podReplacementPolicy", "TerminatingOrFailed",
                    List.of("Failed")));
        }
        JsonNode selector = spec.get("selector");
        JsonNode template = spec.path("template");
        if (!GoFields.present(selector)) {
            if (selectorRequired) {
                errors.add(FieldError.required(path + ".selector", ""));
            }
        } else {
            errors.addAll(WorkloadSelector.validate(selector, path + ".selector"));
            if (WorkloadSelector.convertible(selector) && !WorkloadSelector.empty(selector)
                    && !WorkloadSelector.matches(selector, GoFields.stringMap(template.path("metadata"), "labels"))) {
                errors.add(FieldError.invalid(path + ".template.metadata.labels",
                        WorkloadSelector.labelsValue(template), "`selector` does not match template `labels`"));
            }
        }
        String restart = GoFields.text(template.path("spec"), "restartPolicy");
        if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            errors.add(FieldError.notSupported(path + ".template.spec.restartPolicy", restart,
                    List.of("OnFailure", "Never")));
        }
        errors.addAll(PodTemplateValidation.validate(template, path + ".template", null));
        return errors;
    }
}
