package skiff.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.apiserver.cel.CelLimits;

/**
 * The checks a CRD's x-kubernetes-validations must pass before the CRD is stored (k/k 1.32 apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinitionOpenAPISchema): every rule
 * compiles, transition rules only where old values can be matched, each rule's estimated cost (times the number of
 * times it can run) within the per-expression limit, and all of them together within the per-CRD limit.
 */
final class CelSchemaChecks {
    private final List<FieldError> errors = new ArrayList<>();
    private final List<Cost> costs = new ArrayList<>();

    private record Cost(String path, long cost) {}

    private CelSchemaChecks() {}

    /** The errors of {@code schema}, whose field path is {@code path} (…openAPIV3Schema). */
    static List<FieldError> check(StructuralSchema schema, String path) {
        CelSchemaChecks c = new CelSchemaChecks();
        c.node(schema, path, true, null, 1);
        long total = 0;
        for (Cost cost : c.costs) {
            total = CelRuleCompiler.add(total, cost.cost());
        }
        if (total > CelLimits.STATIC_ESTIMATED_CRD_COST_LIMIT) {
            // validation.go: the most expensive rules (those over 1% of the limit) are named too.
            c.costs.stream()
                    .filter(cost -> cost.cost() > CelLimits.STATIC_ESTIMATED_CRD_COST_LIMIT / 100)
                    .sorted((a, b) -> Long.compare(b.cost(), a.cost()))
                    .limit(4)
                    .forEach(cost -> c.errors.add(FieldError.forbidden(cost.path(), "contributed to estimated "
                            + "rule & messageExpression cost total exceeding cost limit for entire OpenAPIv3 "
                            + "schema")));
            c.errors.add(FieldError.forbidden(path, CelLimits.costErrorMessage("x-kubernetes-validations "
                    + "estimated rule & messageExpression cost total for entire OpenAPIv3 schema", total,
                    CelLimits.STATIC_ESTIMATED_CRD_COST_LIMIT)));
        }
        return List.copyOf(c.errors);
    }

    private void node(StructuralSchema s, String path, boolean resource, String uncorrelatable,
            long cardinality) {
        CelRule.Compilation compiled = CelRuleCompiler.compile(s, resource, uncorrelatable, cardinality);
        for (CelRule.Problem p : compiled.problems()) {
            String field = path + ".x-kubernetes-validations[" + p.index() + "]." + p.field();
            errors.add(switch (p.kind()) {
                case REQUIRED -> FieldError.required(field, p.detail());
                case FORBIDDEN -> FieldError.forbidden(field, p.detail());
                case NOT_SUPPORTED -> FieldError.notSupported(field, p.badValue(), CelRuleCompiler.REASONS);
                case INVALID -> FieldError.invalid(field, p.badValue(), p.detail());
            });
        }
        for (CelRule rule : compiled.rules()) {
            costs.add(new Cost(path + ".x-kubernetes-validations[" + s.validations().indexOf(rule.rule())
                    + "].rule", rule.estimatedCost()));
        }
        for (Map.Entry<String, StructuralSchema> p : s.properties().entrySet()) {
            StructuralSchema child = p.getValue();
            node(child, path + ".properties[" + p.getKey() + "]", child.embeddedResource(), uncorrelatable,
                    cardinality);
        }
        long size = new SchemaShape(s).maxSize();
        if (s.items() != null) {
            String items = path + ".items";
            String within = uncorrelatable != null || s.listType().equals("map") ? uncorrelatable : items;
            node(s.items(), items, s.items().embeddedResource(), within,
                    CelRuleCompiler.multiply(cardinality, size));
        }
        if (s.additionalProperties() != null) {
            node(s.additionalProperties(), path + ".additionalProperties",
                    s.additionalProperties().embeddedResource(), uncorrelatable,
                    CelRuleCompiler.multiply(cardinality, size));
        }
    }
}
