package skiff.apiserver.admission.policy;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import skiff.apiserver.cel.CelLimits;

/**
 * Runs one compiled policy against one request and one param (k/k 1.32 apiserver
 * pkg/admission/plugin/policy/validating/validator.go Validate): variables first, then the match conditions (any
 * false: the policy does not apply; errors: the failure policy decides), then each validation and its message, then
 * the audit annotations. Variables are evaluated up front; one that fails is absent from {@code variables}.
 */
final class PolicyValidator {
    // k/k apiserver pkg/apis/cel/config.go MaxEvaluatedMessageExpressionSizeBytes.
    private static final int MAX_MESSAGE_BYTES = 5 * 1024;

    private PolicyValidator() {}

    /** What one validation decided: deny (with the status reason, "" for Invalid) or admit. */
    record Decision(boolean deny, String message, String reason) {}

    /** An audit annotation's value ({@code value} null: left out), or the error evaluating it. */
    record Annotation(String key, String value, String error) {}

    record Result(List<Decision> decisions, List<Annotation> annotations) {
        static final Result NONE = new Result(List.of(), List.of());
    }

    /** {@code inputs}: object, oldObject, request, namespaceObject and params. */
    static Result validate(CompiledPolicy policy, Map<String, Object> inputs) {
        Map<String, Object> activation = new HashMap<>(inputs);
        Map<String, Object> variables = new HashMap<>();
        activation.put("variables", variables);
        CelProgram.CostBudget variableBudget = new CelProgram.CostBudget(CelLimits.RUNTIME_BUDGET);
        try {
            for (CompiledPolicy.Variable v : policy.variables()) {
                CelProgram.Outcome outcome = v.program().run(activation, variableBudget);
                if (!outcome.failed()) {
                    variables.put(v.name(), outcome.value());
                }
            }
        } catch (CelProgram.OutOfBudget e) {
            return failure(policy, e.getMessage());
        }
        if (!policy.matchConditions().isEmpty()) {
            String error;
            try {
                MatchConditions.Result match = MatchConditions.evaluate(
                        policy.matchConditions().stream().map(CompiledPolicy.MatchCondition::program).toList(),
                        activation);
                if (!match.matches() && match.error() == null) {
                    return Result.NONE;
                }
                error = match.error();
            } catch (CelProgram.OutOfBudget e) {
                error = e.getMessage();
            }
            if (error != null) {
                return failure(policy, error);
            }
        }
        List<Decision> decisions = new ArrayList<>();
        CelProgram.CostBudget budget = new CelProgram.CostBudget(CelLimits.RUNTIME_BUDGET);
        try {
            for (CompiledPolicy.Validation validation : policy.validations()) {
                decisions.add(decide(policy, validation, activation, budget));
            }
        } catch (CelProgram.OutOfBudget e) {
            return failure(policy, e.getMessage());
        }
        return new Result(decisions, annotations(policy, activation));
    }

    private static Result failure(CompiledPolicy policy, String message) {
        return new Result(List.of(new Decision(!policy.failOpen(), message, "")), List.of());
    }

    private static Decision decide(CompiledPolicy policy, CompiledPolicy.Validation validation,
            Map<String, Object> activation, CelProgram.CostBudget budget) throws CelProgram.OutOfBudget {
        CelProgram.Outcome outcome = validation.program().run(activation, budget);
        if (outcome.failed()) {
            return new Decision(!policy.failOpen(), outcome.error(), "");
        }
        if (Boolean.TRUE.equals(outcome.value())) {
            return new Decision(false, "", "");
        }
        String message = "";
        if (validation.messageExpression() != null) {
            CelProgram.Outcome m;
            try {
                m = validation.messageExpression().run(activation, budget);
            } catch (CelProgram.OutOfBudget e) {
                return new Decision(!policy.failOpen(), "failed messageExpression: " + e.getMessage(), "");
            }
            // validator.go: a message that is not a string, too long or on several lines falls back.
            if (!m.failed() && m.value() instanceof String s) {
                message = s.strip();
                if (message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES
                        || message.contains("\n")) {
                    message = "";
                }
            }
        }
        if (message.isEmpty()) {
            message = validation.message().strip();
        }
        if (message.isEmpty()) {
            message = "failed expression: " + validation.program().source().strip();
        }
        return new Decision(true, message, validation.reason());
    }

    private static List<Annotation> annotations(CompiledPolicy policy, Map<String, Object> activation) {
        List<Annotation> annotations = new ArrayList<>();
        CelProgram.CostBudget budget = new CelProgram.CostBudget(CelLimits.RUNTIME_BUDGET);
        for (CompiledPolicy.AuditAnnotation a : policy.auditAnnotations()) {
            CelProgram.Outcome outcome;
            try {
                outcome = a.program().run(activation, budget);
            } catch (CelProgram.OutOfBudget e) {
                outcome = new CelProgram.Outcome(null, e.getMessage());
            }
            if (outcome.failed()) {
                annotations.add(new Annotation(a.key(), null, policy.failOpen() ? null : outcome.error()));
            } else if (outcome.value() instanceof String s) {
                annotations.add(new Annotation(a.key(), s.strip().isEmpty() ? null : s.strip(), null));
            } else if (outcome.value() == null || outcome.value() instanceof NullValue) {
                annotations.add(new Annotation(a.key(), null, null));
            } else {
                annotations.add(new Annotation(a.key(), null, "valueExpression '" + a.program().source()
                        + "' resulted in unsupported return type: " + AdmissionExpressions.name(a.program().type())
                        + ". Return type must be either string or null."));
            }
        }
        return annotations;
    }
}
