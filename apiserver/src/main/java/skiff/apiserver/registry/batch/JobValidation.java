package skiff.apiserver.registry.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import skiff.apiserver.registry.core.PodTemplateValidation;
import tools.jackson.databind.JsonNode;

/** The spec rules of a Job and of a CronJob's job template (k/k pkg/apis/batch/validation/validation.go, 1.32). */
final class JobValidation {
    // k/k 1.32 batch validation.go maxParallelismForIndexedJob, maxFailedIndexesForIndexedJob, completionsSoftLimit,
    // parallelismLimitForHighCompletions, maxFailedIndexesLimitForHighCompletions, maxManagedByLength.
    private static final long MAX_INDEXED_PARALLELISM = 100_000;
    private static final long MAX_FAILED_INDEXES = 100_000;
    private static final long COMPLETIONS_SOFT_LIMIT = 100_000;
    private static final long HIGH_COMPLETIONS_PARALLELISM_LIMIT = 10_000;
    private static final long HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT = 10_000;
    private static final int MAX_MANAGED_BY_LENGTH = 63;
    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go httpPathFmt.
    private static final String HTTP_PATH_FORMAT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
    private static final Pattern HTTP_PATH = Pattern.compile("^[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+$");

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
        boolean perIndex = GoFields.present(spec.get("backoffLimitPerIndex"));
        boolean maxFailed = GoFields.present(spec.get("maxFailedIndexes"));
        long maxFailedIndexes = spec.path("maxFailedIndexes").asLong(0);
        if (maxFailed && !perIndex) {
            errors.add(FieldError.required(path + ".backoffLimitPerIndex", "when maxFailedIndexes is specified"));
        }
        if (GoFields.present(spec.get("managedBy"))) {
            errors.addAll(managedBy(GoFields.text(spec, "managedBy"), path + ".managedBy"));
        }
        String mode = GoFields.text(spec, "completionMode");
        boolean indexed = mode.equals("Indexed");
        if (!mode.isEmpty() && !indexed && !mode.equals("NonIndexed")) {
            errors.add(FieldError.notSupported(path + ".completionMode", mode, List.of("NonIndexed", "Indexed")));
        }
        boolean hasCompletions = GoFields.present(spec.get("completions"));
        long completions = spec.path("completions").asLong(0);
        long parallelism = spec.path("parallelism").asLong(0);
        if (indexed) {
            if (!hasCompletions) {
                errors.add(FieldError.required(path + ".completions", "when completion mode is Indexed"));
            }
            if (parallelism > MAX_INDEXED_PARALLELISM) {
                errors.add(FieldError.invalid(path + ".parallelism", parallelism, "must be less than or equal to "
                        + MAX_INDEXED_PARALLELISM + " when completion mode is Indexed"));
            }
            if (hasCompletions && maxFailed && maxFailedIndexes > completions) {
                errors.add(FieldError.invalid(path + ".maxFailedIndexes", maxFailedIndexes,
                        "must be less than or equal to completions"));
            }
            if (maxFailed && maxFailedIndexes > MAX_FAILED_INDEXES) {
                errors.add(FieldError.invalid(path + ".maxFailedIndexes", maxFailedIndexes,
                        "must be less than or equal to " + MAX_FAILED_INDEXES));
            }
            if (hasCompletions && completions > COMPLETIONS_SOFT_LIMIT && perIndex) {
                String high = " when completions are above " + COMPLETIONS_SOFT_LIMIT
                        + " and used with backoff limit per index";
                if (!maxFailed) {
                    errors.add(FieldError.required(path + ".maxFailedIndexes", "must be specified when completions "
                            + "is above " + COMPLETIONS_SOFT_LIMIT));
                }
                if (parallelism > HIGH_COMPLETIONS_PARALLELISM_LIMIT) {
                    errors.add(FieldError.invalid(path + ".parallelism", parallelism, "must be less than or equal to "
                            + HIGH_COMPLETIONS_PARALLELISM_LIMIT + high));
                }
                if (maxFailed && maxFailedIndexes > HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT) {
                    errors.add(FieldError.invalid(path + ".maxFailedIndexes", maxFailedIndexes,
                            "must be less than or equal to " + HIGH_COMPLETIONS_MAX_FAILED_INDEXES_LIMIT + high));
                }
            }
        } else if (mode.isEmpty() || mode.equals("NonIndexed")) {
            if (perIndex) {
                errors.add(FieldError.invalid(path + ".backoffLimitPerIndex", spec.path("backoffLimitPerIndex")
                        .asLong(), "requires indexed completion mode"));
            }
            if (maxFailed) {
                errors.add(FieldError.invalid(path + ".maxFailedIndexes", maxFailedIndexes,
                        "requires indexed completion mode"));
            }
        }
        boolean failurePolicy = GoFields.present(spec.get("podFailurePolicy"));
        if (failurePolicy) {
            errors.addAll(PodFailurePolicyValidation.validate(spec, path + ".podFailurePolicy"));
        }
        JsonNode successPolicy = spec.get("successPolicy");
        if (GoFields.present(successPolicy)) {
            if (!indexed) {
                errors.add(FieldError.invalid(path + ".successPolicy", successPolicy,
                        "requires indexed completion mode"));
            } else if (hasCompletions) {
                errors.addAll(SuccessPolicyValidation.validate(successPolicy, spec.get("completions"),
                        path + ".successPolicy"));
            }
        }
        // k/k validation.go validatePodReplacementPolicy: with a pod failure policy only Failed.
        if (GoFields.present(spec.get("podReplacementPolicy"))) {
            String replacement = GoFields.text(spec, "podReplacementPolicy");
            if (failurePolicy) {
                if (!replacement.equals("Failed")) {
                    errors.add(FieldError.notSupported(path + ".podReplacementPolicy", replacement,
                            List.of("Failed")));
                }
            } else if (!replacement.equals("Failed") && !replacement.equals("TerminatingOrFailed")) {
                errors.add(FieldError.notSupported(path + ".podReplacementPolicy", replacement,
                        List.of("Failed", "TerminatingOrFailed")));
            }
        }
        JsonNode template = spec.path("template");
        errors.addAll(PodTemplateValidation.validate(template, path + ".template", null));
        // k/k validation.go validateJobSpec: Always (the pod default) or nothing is a missing value.
        String restart = GoFields.text(template.path("spec"), "restartPolicy");
        String restartPath = path + ".template.spec.restartPolicy";
        if (restart.isEmpty() || restart.equals("Always")) {
            errors.add(FieldError.required(restartPath, "valid values: \"OnFailure\", \"Never\""));
        } else if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            errors.add(FieldError.notSupported(restartPath, restart, List.of("OnFailure", "Never")));
        } else if (failurePolicy && !restart.equals("Never")) {
            errors.add(FieldError.invalid(restartPath, restart,
                    "only \"Never\" is supported when podFailurePolicy is specified"));
        }
        // k/k validation.go ValidateJobSpec: the selector, after the rest of the spec.
        JsonNode selector = spec.get("selector");
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
        return errors;
    }

    // k/k staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go IsDomainPrefixedPath, and the length
    // limit of spec.managedBy.
    private static List<FieldError> managedBy(String value, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (value.isEmpty()) {
            errors.add(FieldError.required(path, ""));
            return errors;
        }
        String[] segments = value.split("/", 2);
        if (segments.length != 2 || segments[0].isEmpty() || segments[1].isEmpty()) {
            errors.add(FieldError.invalid(path, value, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
        } else {
            NameValidation.isDns1123Subdomain(segments[0]).forEach(m -> errors.add(FieldError.invalid(path,
                    segments[0], m)));
            if (!HTTP_PATH.matcher(segments[1]).matches()) {
                errors.add(FieldError.invalid(path, segments[1], "Invalid path: regex used for validation is '"
                        + HTTP_PATH_FORMAT + "'"));
            }
        }
        if (value.length() > MAX_MANAGED_BY_LENGTH) {
            errors.add(FieldError.tooLong(path, MAX_MANAGED_BY_LENGTH));
        }
        return errors;
    }
}
