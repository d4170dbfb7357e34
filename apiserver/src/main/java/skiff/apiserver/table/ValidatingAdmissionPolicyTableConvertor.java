package skiff.apiserver.table;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Table rows for admissionregistration.k8s.io/v1 ValidatingAdmissionPolicies: {@code NAME VALIDATIONS PARAMKIND AGE}. */
final class ValidatingAdmissionPolicyTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.integer("Validations", "Validations indicates the number of validation rules defined in this "
                    + "configuration"),
            Columns.string("ParamKind", "ParamKind specifies the kind of resources used to parameterize this policy"),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printValidatingAdmissionPolicy (1.32).
    @Override
    public List<Object> cells(JsonNode policy, Instant now) {
        JsonNode spec = policy.path("spec");
        JsonNode paramKind = spec.get("paramKind");
        String kind = paramKind == null || paramKind.isNull() ? "<unset>"
                : paramKind.path("apiVersion").asString("") + "/" + paramKind.path("kind").asString("");
        return List.of(WireValues.name(policy), (long) spec.path("validations").size(), kind, Age.of(policy, now));
    }
}
