package skiff.apiserver.admission.policy;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;
import java.util.Map;
import skiff.apiserver.cel.CelLimits;
import skiff.apiserver.cel.CompiledExpression;
import skiff.apiserver.cel.EvaluationErrors;

/**
 * One expression of an admission configuration, compiled or not, run the way k/k 1.32 apiserver
 * pkg/admission/plugin/cel/filter.go ForInput runs it: a compile error or an evaluation error is the expression's
 * result, reported in k/k's words; a run that costs more than what is left of the request's budget stops every
 * expression after it.
 */
final class CelProgram {
    private final String source;
    private final CompiledExpression compiled;
    private final String compileError;

    private CelProgram(String source, CompiledExpression compiled, String compileError) {
        this.source = source;
        this.compiled = compiled;
        this.compileError = compileError;
    }

    static CelProgram compile(String source, AdmissionExpressions.Scope scope, List<CelType> returnTypes) {
        try {
            return new CelProgram(source, AdmissionExpressions.compile(source, scope, returnTypes), null);
        } catch (AdmissionExpressions.CompileError e) {
            return new CelProgram(source, null, e.getMessage());
        }
    }

    String source() {
        return source;
    }

    /** The type of the value, dyn when it did not compile. */
    CelType type() {
        return compiled == null ? SimpleType.DYN : compiled.ast().getResultType();
    }

    /** The value, or the error in its place. */
    record Outcome(Object value, String error) {
        boolean failed() {
            return error != null;
        }
    }

    /** Thrown when the request's cost budget runs out: no further expression runs. */
    static final class OutOfBudget extends Exception {
        OutOfBudget() {
            super("validation failed due to running out of cost budget, no further validation rules will be run");
        }
    }

    Outcome run(Map<String, ?> variables, CostBudget budget) throws OutOfBudget {
        if (compiled == null) {
            return new Outcome(null, "compilation error: " + compileError);
        }
        try {
            CompiledExpression.Result result = compiled.evaluate(variables, CelLimits.PER_CALL_LIMIT);
            budget.charge(result.cost());
            return new Outcome(result.value(), null);
        } catch (CompiledExpression.CostLimitExceeded e) {
            return new Outcome(null, "expression '" + source + "' resulted in error: " + e.getMessage());
        } catch (CelEvaluationException e) {
            return new Outcome(null, "expression '" + source + "' resulted in error: "
                    + EvaluationErrors.describe(e));
        }
    }

    /** What is left of one request's runtime cost budget (k/k apiserver pkg/apis/cel RuntimeCELCostBudget). */
    static final class CostBudget {
        private long remaining;

        CostBudget(long remaining) {
            this.remaining = remaining;
        }

        void charge(long cost) throws OutOfBudget {
            if (cost > remaining) {
                remaining = -1;
                throw new OutOfBudget();
            }
            remaining -= cost;
        }
    }
}
