package skiff.apiserver.admission.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.authz.Authorizer;
import skiff.apiserver.cel.CelLimits;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/**
 * Match conditions, of policies and of webhooks (k/k 1.32 apiserver pkg/admission/plugin/webhook/matchconditions
 * matcher.go Match): any condition false means no match, whatever the others' errors; otherwise errors are the
 * result, for the failure policy to decide.
 */
public final class MatchConditions {
    private static final int CACHED = 256;
    private static final Map<String, List<CelProgram>> COMPILED = new ConcurrentHashMap<>();

    private MatchConditions() {}

    /**
     * Whether a webhook's {@code conditions} hold for {@code request} (k/k 1.32 apiserver
     * pkg/admission/plugin/webhook/generic/webhook.go ShouldCallHook): they see object, oldObject, request and the authorizer; with
     * failurePolicy Ignore ({@code failOpen}) an error means no match, with Fail it is the result.
     */
    public static Result evaluate(JsonNode conditions, boolean failOpen, AdmissionRequest request,
            Authorizer authorizer) {
        List<CelProgram> programs = COMPILED.computeIfAbsent(conditions.toString(), key -> {
            if (COMPILED.size() > CACHED) {
                COMPILED.clear();
            }
            List<CelProgram> compiled = new ArrayList<>();
            for (JsonNode c : conditions) {
                compiled.add(CelProgram.compile(GoFields.text(c, "expression"), AdmissionExpressions.Scope.of(false),
                        AdmissionExpressions.BOOL));
            }
            return List.copyOf(compiled);
        });
        Map<String, Object> activation = new java.util.HashMap<>(AdmissionInputs.of(request, null, null, authorizer));
        activation.put("variables", Map.of());
        Result result;
        try {
            result = evaluate(programs, activation);
        } catch (CelProgram.OutOfBudget e) {
            result = new Result(false, e.getMessage());
        }
        return result.error() != null && failOpen ? new Result(false, null) : result;
    }

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
