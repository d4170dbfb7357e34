package skiff.apiserver.apiextensions;

import java.util.List;
import skiff.apiserver.cel.CompiledExpression;

/**
 * One x-kubernetes-validations rule ready to run: the rule, its messageExpression if any, whether it reads oldSelf
 * (a transition rule), and its fieldPath as a field path relative to the schema node ("" for none).
 */
record CelRule(ValidationRule rule, CompiledExpression expression, CompiledExpression messageExpression,
        boolean usesOldSelf, String fieldPath, long estimatedCost) {

    /** A node's rules, or the problems (relative to the node) that kept some of them from compiling. */
    record Compilation(List<CelRule> rules, List<Problem> problems) {}

    /**
     * Why rule {@code index} is unusable: {@code field} is the part of the rule at fault (rule, messageExpression,
     * fieldPath, reason), {@code badValue} what a field error shows.
     */
    record Problem(int index, String field, Kind kind, Object badValue, String detail) {}

    enum Kind { REQUIRED, INVALID, NOT_SUPPORTED, FORBIDDEN }
}
