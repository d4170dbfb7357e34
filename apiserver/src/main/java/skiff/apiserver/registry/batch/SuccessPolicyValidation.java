package skiff.apiserver.registry.batch;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/** An Indexed job's {@code successPolicy} (k/k pkg/apis/batch/validation/validation.go validateSuccessPolicy, 1.32). */
final class SuccessPolicyValidation {
    // k/k validation.go maxSuccessPolicyRule and maxJobSuccessPolicySucceededIndexesLimit.
    private static final int MAX_RULES = 20;
    private static final int MAX_INDEXES_LENGTH = 64 * 1024;

    private SuccessPolicyValidation() {}

    static List<FieldError> validate(JsonNode policy, JsonNode completions, String path) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode rules = policy.path("rules");
        if (rules.isEmpty()) {
            errors.add(FieldError.required(path + ".rules",
                    "at least one rules must be specified when the successPolicy is specified"));
        }
        if (rules.size() > MAX_RULES) {
            errors.add(FieldError.tooMany(path + ".rules", rules.size(), MAX_RULES));
        }
        for (int i = 0; i < rules.size(); i++) {
            errors.addAll(rule(rules.get(i), completions, path + ".rules[" + i + "]"));
        }
        return errors;
    }

    // k/k validation.go validateSuccessPolicyRule.
    private static List<FieldError> rule(JsonNode rule, JsonNode completions, String path) {
        List<FieldError> errors = new ArrayList<>();
        boolean hasIndexes = GoFields.present(rule.get("succeededIndexes"));
        boolean hasCount = GoFields.present(rule.get("succeededCount"));
        if (!hasIndexes && !hasCount) {
            errors.add(FieldError.required(path, "at least one of succeededCount or succeededIndexes must be specified"));
        }
        long total = 0;
        if (hasIndexes) {
            String indexes = rule.path("succeededIndexes").asString("");
            if (indexes.length() > MAX_INDEXES_LENGTH) {
                errors.add(FieldError.tooLong(path + ".succeededIndexes", MAX_INDEXES_LENGTH));
            }
            IndexesFormat.Result result = IndexesFormat.check(indexes, completions.asLong(0));
            result.error().ifPresent(e -> errors.add(FieldError.invalid(path + ".succeededIndexes", indexes,
                    "error parsing succeededIndexes: " + e)));
            total = result.total();
        }
        if (hasCount) {
            long count = rule.path("succeededCount").asLong();
            String countPath = path + ".succeededCount";
            if (count < 0) {
                errors.add(FieldError.invalid(countPath, count, "must be greater than or equal to 0"));
            }
            if (count > completions.asLong(0)) {
                errors.add(FieldError.invalid(countPath, count, "must be less than or equal to "
                        + completions.asLong(0) + " (the number of specified completions)"));
            }
            if (hasIndexes && count > total) {
                errors.add(FieldError.invalid(countPath, count, "must be less than or equal to " + total
                        + " (the number of indexes in the specified succeededIndexes field)"));
            }
        }
        return errors;
    }
}
