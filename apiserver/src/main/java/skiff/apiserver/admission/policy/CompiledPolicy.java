package skiff.apiserver.admission.policy;

import java.util.ArrayList;
import java.util.List;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/**
 * A ValidatingAdmissionPolicy with its expressions compiled (k/k 1.32 apiserver
 * pkg/admission/plugin/policy/validating/plugin.go compilePolicy): variables in order, each seeing those before it;
 * match conditions, validations and audit annotations seeing them all. Stored policies compiled when they were
 * written; an expression that no longer does fails when it runs.
 */
record CompiledPolicy(String name, String resourceVersion, boolean failOpen, boolean hasParams,
        List<Variable> variables, List<MatchCondition> matchConditions, List<Validation> validations,
        List<AuditAnnotation> auditAnnotations) {

    record Variable(String name, CelProgram program) {}

    record MatchCondition(String name, CelProgram program) {}

    record Validation(CelProgram program, CelProgram messageExpression, String message, String reason) {}

    record AuditAnnotation(String key, CelProgram program) {}

    static CompiledPolicy of(JsonNode policy) {
        JsonNode spec = policy.path("spec");
        boolean hasParams = GoFields.present(spec.get("paramKind"));
        AdmissionExpressions.Scope scope = AdmissionExpressions.Scope.of(hasParams);
        List<Variable> variables = new ArrayList<>();
        for (JsonNode v : spec.path("variables")) {
            String name = GoFields.text(v, "name");
            CelProgram program = CelProgram.compile(GoFields.text(v, "expression"), scope, AdmissionExpressions.ANY);
            variables.add(new Variable(name, program));
            scope = scope.with(name, program.type());
        }
        List<MatchCondition> conditions = new ArrayList<>();
        for (JsonNode c : spec.path("matchConditions")) {
            conditions.add(new MatchCondition(GoFields.text(c, "name"),
                    CelProgram.compile(GoFields.text(c, "expression"), scope, AdmissionExpressions.BOOL)));
        }
        List<Validation> validations = new ArrayList<>();
        for (JsonNode v : spec.path("validations")) {
            String messageExpression = GoFields.text(v, "messageExpression");
            validations.add(new Validation(
                    CelProgram.compile(GoFields.text(v, "expression"), scope, AdmissionExpressions.BOOL),
                    messageExpression.isEmpty() ? null
                            : CelProgram.compile(messageExpression, scope.withoutAuthorizer(),
                                    AdmissionExpressions.STRING),
                    GoFields.text(v, "message"), GoFields.text(v, "reason")));
        }
        List<AuditAnnotation> annotations = new ArrayList<>();
        for (JsonNode a : spec.path("auditAnnotations")) {
            annotations.add(new AuditAnnotation(GoFields.text(a, "key"), CelProgram.compile(
                    GoFields.text(a, "valueExpression").strip(), scope, AdmissionExpressions.STRING_OR_NULL)));
        }
        return new CompiledPolicy(policy.path("metadata").path("name").asString(""),
                policy.path("metadata").path("resourceVersion").asString(""),
                GoFields.text(spec, "failurePolicy").equals("Ignore"), hasParams, List.copyOf(variables),
                List.copyOf(conditions), List.copyOf(validations), List.copyOf(annotations));
    }
}
