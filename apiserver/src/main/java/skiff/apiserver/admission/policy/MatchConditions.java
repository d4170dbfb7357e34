package skiff.apiserver.admission.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skiff.apiserver.cel.CelLimits;

/**
 * Match conditions, of policies and of webhooks (k/k 1.32 apiserver pkg/admission/plugin/webhook/matchconditions
 * matcher.go Match): any condition false means no match, whatever the others' errors; otherwise errors are the
 * result, for the failure policy to decide.
 */
public final class MatchConditions {
    private MatchConditions() {}

    /** Whether the conditions all hold; {@code error}: why they could not be evaluated (null when they could). */
    public record Result(boolean matches, String error) {}

    static Result evaluate(List<CelProgram> conditions, Map<String, Object> activation) throws CelProgram.OutOfBudget {
        CelProgram.CostBudget budget = new CelProgram.CostBudget(CelLimits.RUNTIME_BUDGET);
        List<String> errors = new ArrayList<>();
        for (CelProgram condition : conditions) {
            CelProgram.Outcome outcome = condition.run(activation, budget);
            if (outcome.failed()) {
                errors.add(outcome.error());
            } else if (Boolean.FALSE.equals(outcome.value())) {
                return new Result(false, null);
            }
        }
        if (errors.isEmpty()) {
            return new Result(true, null);
        }
        // k8s.io/apimachinery/pkg/util/errors aggregate.Error: one error as it is, several in brackets.
        return new Result(false, errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }
}
