package skiff.apiserver.apiextensions;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.api.validation.GoStruct;
import skiff.apiserver.cel.CelEnvironment;
import skiff.apiserver.cel.CelLimits;
import skiff.apiserver.cel.CompiledExpression;
import skiff.apiserver.cel.ValueShape;

/**
 * Compiles the x-kubernetes-validations of one schema node (k/k 1.32 apiextensions-apiserver
 * pkg/apiserver/schema/cel/compilation.go Compile, and the checks of pkg/apis/apiextensions/validation
 * validation.go on each rule): {@code self} and {@code oldSelf} have the node's type ({@code oldSelf} optional when
 * the rule sets optionalOldSelf), a rule must be a bool and a messageExpression a string.
 */
final class CelRuleCompiler {
    static final List<String> REASONS = List.of("FieldValueInvalid", "FieldValueForbidden",
            "FieldValueRequired", "FieldValueDuplicate");

    private CelRuleCompiler() {}

    /**
     * Compiles {@code node}'s rules. {@code resource}: the node is the root of a resource or an embedded one;
     * {@code uncorrelatable}: the path of the list that keeps oldSelf from being known here, or null;
     * {@code cardinality}: how many times the rules can run for one object, for the cost estimate.
     */
    static CelRule.Compilation compile(StructuralSchema node, boolean resource, String uncorrelatable,
            long cardinality) {
        List<CelRule> rules = new ArrayList<>();
        List<CelRule.Problem> problems = new ArrayList<>();
        if (node.validations().isEmpty()) {
            return new CelRule.Compilation(rules, problems);
        }
        CelSchemaTypes types = CelSchemaTypes.of(node, resource);
        Optional<CelType> self = types.self();
        Map<String, ValueShape> shapes = Map.of("self", new SchemaShape(node), "oldSelf", new SchemaShape(node));
        for (int i = 0; i < node.validations().size(); i++) {
            ValidationRule rule = node.validations().get(i);
            int before = problems.size();
            if (rule.rule().isBlank()) {
                problems.add(new CelRule.Problem(i, "rule", CelRule.Kind.REQUIRED, "", "rule is not specified"));
                continue;
            }
            if (!rule.reason().isEmpty() && !REASONS.contains(rule.reason())) {
                problems.add(new CelRule.Problem(i, "reason", CelRule.Kind.NOT_SUPPORTED, rule.reason(), ""));
            }
            if (rule.message().contains("\n")) {
                problems.add(new CelRule.Problem(i, "message", CelRule.Kind.INVALID, rule.message(),
                        "message must not contain line breaks"));
            }
            String fieldPath = "";
            if (!rule.fieldPath().isEmpty()) {
                try {
                    fieldPath = RuleFieldPath.normalize(rule.fieldPath(), node);
                } catch (IllegalArgumentException e) {
                    problems.add(new CelRule.Problem(i, "fieldPath", CelRule.Kind.INVALID, rule.fieldPath(),
                            "fieldPath must be a valid path: " + e.getMessage()));
                }
            }
            if (self.isEmpty()) {
                continue;
            }
            Map<String, CelType> variables = new LinkedHashMap<>();
            variables.put("self", self.get());
            variables.put("oldSelf", rule.optionalOldSelf() ? OptionalType.create(self.get()) : self.get());
            CompiledExpression expression;
            try {
                expression = CelEnvironment.compile(rule.rule(), variables, types);
            } catch (CelEnvironment.CelCompileException e) {
                problems.add(new CelRule.Problem(i, "rule", CelRule.Kind.INVALID, struct(rule),
                        "compilation failed: " + e.getMessage()));
                continue;
            }
            if (!expression.ast().getResultType().equals(SimpleType.BOOL)) {
                problems.add(new CelRule.Problem(i, "rule", CelRule.Kind.INVALID, struct(rule),
                        "cel expression must evaluate to a bool"));
                continue;
            }
            boolean usesOldSelf = expression.uses("oldSelf");
            if (usesOldSelf && uncorrelatable != null) {
                problems.add(new CelRule.Problem(i, "rule", CelRule.Kind.INVALID, rule.rule(),
                        "oldSelf cannot be used on the uncorrelatable portion of the schema within "
                                + uncorrelatable));
            }
            if (rule.optionalOldSelf() && !usesOldSelf) {
                problems.add(new CelRule.Problem(i, "optionalOldSelf", CelRule.Kind.INVALID, true,
                        "may not be set if rule does not use oldSelf"));
            }
            long cost = multiply(expression.estimatedCost(shapes), cardinality);
            if (cost > CelLimits.STATIC_ESTIMATED_COST_LIMIT) {
                problems.add(new CelRule.Problem(i, "rule", CelRule.Kind.FORBIDDEN, "",
                        CelLimits.costErrorMessage("estimated rule cost", cost,
                                CelLimits.STATIC_ESTIMATED_COST_LIMIT)));
            }
            CompiledExpression message = null;
            if (!rule.messageExpression().isEmpty()) {
                try {
                    message = CelEnvironment.compile(rule.messageExpression(), variables, types);
                    if (!message.ast().getResultType().equals(SimpleType.STRING)) {
                        problems.add(new CelRule.Problem(i, "messageExpression", CelRule.Kind.INVALID,
                                struct(rule), "messageExpression must evaluate to a string"));
                    } else {
                        long messageCost = multiply(message.estimatedCost(shapes), cardinality);
                        cost = add(cost, messageCost);
                        if (messageCost > CelLimits.STATIC_ESTIMATED_COST_LIMIT) {
                            problems.add(new CelRule.Problem(i, "messageExpression", CelRule.Kind.FORBIDDEN, "",
                                    CelLimits.costErrorMessage("estimated messageExpression cost", messageCost,
                                            CelLimits.STATIC_ESTIMATED_COST_LIMIT)));
                        }
                    }
                } catch (CelEnvironment.CelCompileException e) {
                    problems.add(new CelRule.Problem(i, "messageExpression", CelRule.Kind.INVALID, struct(rule),
                            "messageExpression compilation failed: " + e.getMessage()));
                }
            }
            if (problems.size() == before) {
                rules.add(new CelRule(rule, expression, message, usesOldSelf, fieldPath, cost));
            }
        }
        return new CelRule.Compilation(List.copyOf(rules), List.copyOf(problems));
    }

    // The rule as field errors show it: the internal ValidationRule struct as JSON, empty fields left out.
    private static GoStruct struct(ValidationRule rule) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rule", rule.rule());
        putIfSet(fields, "message", rule.message());
        putIfSet(fields, "messageExpression", rule.messageExpression());
        putIfSet(fields, "reason", rule.reason());
        putIfSet(fields, "fieldPath", rule.fieldPath());
        if (rule.source().has("optionalOldSelf")) {
            fields.put("optionalOldSelf", rule.optionalOldSelf());
        }
        return new GoStruct(fields);
    }

    private static void putIfSet(Map<String, Object> fields, String name, String value) {
        if (!value.isEmpty()) {
            fields.put(name, value);
        }
    }

    static long add(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static long multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }
}
