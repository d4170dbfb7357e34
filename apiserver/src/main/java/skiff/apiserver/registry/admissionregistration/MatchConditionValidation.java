package skiff.apiserver.registry.admissionregistration;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameValidation;
import skiff.apiserver.admission.policy.AdmissionExpressions;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/**
 * The checks on matchConditions, of webhooks and of admission policies (k/k pkg/apis/admissionregistration/validation
 * validation.go validateMatchConditions and validateMatchCondition, 1.32): at most 64, each named by a unique
 * qualified name, each expression a CEL bool.
 */
final class MatchConditionValidation {
    private static final int MAX = 64;

    private MatchConditionValidation() {}

    static void validate(JsonNode conditions, boolean hasParams, String at, List<FieldError> errors) {
        if (conditions.size() > MAX) {
            errors.add(FieldError.tooMany(at, conditions.size(), MAX));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode condition = conditions.get(i);
            String item = at + "[" + i + "]";
            String expression = GoFields.text(condition, "expression").strip();
            if (expression.isEmpty()) {
                errors.add(FieldError.required(item + ".expression", ""));
            } else {
                PolicyExpressions.check(expression, AdmissionExpressions.Scope.of(hasParams),
                        AdmissionExpressions.BOOL, item + ".expression", errors);
            }
            String name = GoFields.text(condition, "name");
            if (name.isEmpty()) {
                errors.add(FieldError.required(item + ".name", ""));
            } else {
                NameValidation.isQualifiedName(name).forEach(m -> errors.add(FieldError.invalid(item + ".name", name,
                        m)));
                if (!names.add(name)) {
                    errors.add(FieldError.duplicate(item + ".name", name));
                }
            }
        }
    }
}
