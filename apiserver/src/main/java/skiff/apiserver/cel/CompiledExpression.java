package skiff.apiserver.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Collection;
import java.util.Map;

/**
 * A checked CEL expression ready to run. {@link #evaluate} charges each evaluation against a cost limit the way
 * cel-go's actual-cost tracking does (one unit per evaluated node, a tenth of a unit per character or item a call
 * produces) and stops the evaluation once the limit is passed.
 */
public record CompiledExpression(String source, CelAbstractSyntaxTree ast, CelRuntime.Program program) {

    /** The value of an evaluation and what it cost. */
    public record Result(Object value, long cost) {}

    /** An evaluation stopped because it cost more than its limit (cel-go's "actual cost limit exceeded"). */
    public static final class CostLimitExceeded extends Exception {
        public CostLimitExceeded() {
            super("operation cancelled: actual cost limit exceeded");
        }
    }

    /** Whether the expression refers to the variable {@code name}. */
    public boolean uses(String name) {
        return ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals(name));
    }

    /** The most this expression can cost with variables of the given shapes. */
    public long estimatedCost(Map<String, ValueShape> variables) {
        return CostEstimator.estimate(ast, variables);
    }

    public Result evaluate(Map<String, ?> variables, long costLimit)
            throws CelEvaluationException, CostLimitExceeded {
        CostTracker tracker = new CostTracker(costLimit);
        try {
            Object value = program.trace(variables, tracker::callback);
            return new Result(value, tracker.cost);
        } catch (CostTracker.Exceeded e) {
            throw new CostLimitExceeded();
        } catch (CelEvaluationException e) {
            if (causedByExceeded(e)) {
                throw new CostLimitExceeded();
            }
            throw e;
        }
    }

    private static boolean causedByExceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CostTracker.Exceeded) {
                return true;
            }
        }
        return false;
    }

    private static final class CostTracker {
        private final long limit;
        private long cost;

        CostTracker(long limit) {
            this.limit = limit;
        }

        void callback(CelExpr expr, Object result) {
            cost++;
            if (expr.getKind() == CelExpr.ExprKind.Kind.CALL) {
                long size = result instanceof String s ? s.length()
                        : result instanceof Collection<?> c ? c.size()
                        : result instanceof Map<?, ?> m ? m.size() : 0;
                cost += (size + 9) / 10;
            }
            if (cost > limit) {
                throw new Exceeded();
            }
        }

        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super("actual cost limit exceeded", null, false, false);
            }
        }
    }
}
