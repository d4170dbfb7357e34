package skiff.apiserver.registry.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/** A job's {@code podFailurePolicy} (k/k pkg/apis/batch/validation/validation.go validatePodFailurePolicy, 1.32). */
final class PodFailurePolicyValidation {
    // k/k validation.go maxPodFailurePolicyRules, maxPodFailurePolicyOnExitCodesValues,
    // maxPodFailurePolicyOnPodConditionsPatterns.
    private static final int MAX_RULES = 20;
    private static final int MAX_EXIT_CODES = 255;
    private static final int MAX_PATTERNS = 20;
    private static final List<String> ACTIONS = List.of("Count", "FailIndex", "FailJob", "Ignore");
    private static final List<String> OPERATORS = List.of("In", "NotIn");
    private static final List<String> STATUSES = List.of("False", "True", "Unknown");

    private PodFailurePolicyValidation() {}

    static List<FieldError> validate(JsonNode spec, String path) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode rules = spec.path("podFailurePolicy").path("rules");
        if (rules.size() > MAX_RULES) {
            errors.add(FieldError.tooMany(path + ".rules", rules.size(), MAX_RULES));
        }
        Set<String> containers = new HashSet<>();
        for (String kind : List.of("containers", "initContainers")) {
            spec.path("template").path("spec").path(kind).forEach(c -> containers.add(GoFields.text(c, "name")));
        }
        for (int i = 0; i < rules.size(); i++) {
            errors.addAll(rule(spec, rules.get(i), path + ".rules[" + i + "]", containers));
        }
        return errors;
    }

    // k/k validation.go validatePodFailurePolicyRule.
    private static List<FieldError> rule(JsonNode spec, JsonNode rule, String path, Set<String> containers) {
        List<FieldError> errors = new ArrayList<>();
        String action = GoFields.text(rule, "action");
        if (action.isEmpty()) {
            errors.add(FieldError.required(path + ".action", "valid values: " + goQuotedList(ACTIONS)));
        } else if (action.equals("FailIndex")) {
            if (!GoFields.present(spec.get("backoffLimitPerIndex"))) {
                errors.add(FieldError.invalid(path + ".action", action, "requires the backoffLimitPerIndex to be set"));
            }
        } else if (!ACTIONS.contains(action)) {
            errors.add(FieldError.notSupported(path + ".action", action, ACTIONS));
        }
        boolean exitCodes = GoFields.present(rule.get("onExitCodes"));
        boolean conditions = !rule.path("onPodConditions").isEmpty();
        if (exitCodes) {
            errors.addAll(onExitCodes(rule.path("onExitCodes"), path + ".onExitCodes", containers));
        }
        if (conditions) {
            errors.addAll(onPodConditions(rule.path("onPodConditions"), path + ".onPodConditions"));
        }
        if (exitCodes && conditions) {
            errors.add(FieldError.invalidOmittingValue(path,
                    "specifying both OnExitCodes and OnPodConditions is not supported"));
        }
        if (!exitCodes && !conditions) {
            errors.add(FieldError.invalidOmittingValue(path,
                    "specifying one of OnExitCodes and OnPodConditions is required"));
        }
        return errors;
    }

    // k/k validation.go validatePodFailurePolicyRuleOnExitCodes.
    private static List<FieldError> onExitCodes(JsonNode req, String path, Set<String> containers) {
        List<FieldError> errors = new ArrayList<>();
        String operator = GoFields.text(req, "operator");
        if (operator.isEmpty()) {
            errors.add(FieldError.required(path + ".operator", "valid values: " + goQuotedList(OPERATORS)));
        } else if (!OPERATORS.contains(operator)) {
            errors.add(FieldError.notSupported(path + ".operator", operator, OPERATORS));
        }
        if (GoFields.present(req.get("containerName")) && !containers.contains(GoFields.text(req, "containerName"))) {
            errors.add(FieldError.invalid(path + ".containerName", GoFields.text(req, "containerName"),
                    "must be one of the container or initContainer names in the pod template"));
        }
        JsonNode values = req.path("values");
        String valuesPath = path + ".values";
        if (values.isEmpty()) {
            errors.add(FieldError.invalid(valuesPath, values.isArray() ? values : null,
                    "at least one value is required"));
        } else if (values.size() > MAX_EXIT_CODES) {
            errors.add(FieldError.tooMany(valuesPath, values.size(), MAX_EXIT_CODES));
        }
        boolean ordered = true;
        Set<Long> seen = new HashSet<>();
        for (int j = 0; j < values.size(); j++) {
            long value = values.get(j).asLong();
            if (operator.equals("In") && value == 0) {
                errors.add(FieldError.invalid(valuesPath + "[" + j + "]", value, "must not be 0 for the In operator"));
            }
            if (!seen.add(value)) {
                errors.add(FieldError.duplicate(valuesPath + "[" + j + "]", value));
            }
            if (j > 0 && values.get(j - 1).asLong() > value) {
                ordered = false;
            }
        }
        if (!ordered) {
            errors.add(FieldError.invalid(valuesPath, values, "must be ordered"));
        }
        return errors;
    }

    // k/k validation.go validatePodFailurePolicyRuleOnPodConditions.
    private static List<FieldError> onPodConditions(JsonNode patterns, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (patterns.size() > MAX_PATTERNS) {
            errors.add(FieldError.tooMany(path, patterns.size(), MAX_PATTERNS));
        }
        for (int j = 0; j < patterns.size(); j++) {
            JsonNode pattern = patterns.get(j);
            String patternPath = path + "[" + j + "]";
            String type = GoFields.text(pattern, "type");
            NameValidation.isQualifiedName(type).forEach(m -> errors.add(FieldError.invalid(patternPath + ".type",
                    type, m)));
            String status = GoFields.text(pattern, "status");
            if (status.isEmpty()) {
                errors.add(FieldError.required(patternPath + ".status", "valid values: " + goQuotedList(STATUSES)));
            } else if (!STATUSES.contains(status)) {
                errors.add(FieldError.notSupported(patternPath + ".status", status, STATUSES));
            }
        }
        return errors;
    }

    // Go's %q of a string slice: ["a" "b"].
    private static String goQuotedList(List<String> values) {
        return "[" + String.join(" ", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }
}
