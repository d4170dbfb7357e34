package skiff.apiserver.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Table rows for admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBindings:
 * {@code NAME POLICYNAME PARAMREF AGE}.
 */
final class ValidatingAdmissionPolicyBindingTableConvertor implements TableConvertor {
    private static final List<ColumnDefinition> COLUMNS = List.of(
            Columns.NAME,
            Columns.string("PolicyName", "PolicyName indicates the policy definition which the policy binding "
                    + "binded to"),
            Columns.string("ParamRef", "ParamRef indicates the param resource which sets the configration param"),
            Columns.AGE);

    @Override
    public List<ColumnDefinition> columns() {
        return COLUMNS;
    }

    // k/k pkg/printers/internalversion/printers.go printValidatingAdmissionPolicyBinding (1.32): a named param as
    // namespace/name ("*" when the binding names no namespace), a selector as Go's generated String() prints it.
    @Override
    public List<Object> cells(JsonNode binding, Instant now) {
        JsonNode spec = binding.path("spec");
        JsonNode ref = spec.get("paramRef");
        String param = "<unset>";
        if (ref != null && !ref.isNull()) {
            String name = ref.path("name").asString("");
            String namespace = ref.path("namespace").asString("");
            if (!name.isEmpty()) {
                param = (namespace.isEmpty() ? "*" : namespace) + "/" + name;
            } else if (ref.hasNonNull("selector")) {
                param = selectorString(ref.get("selector"));
            }
        }
        return List.of(WireValues.name(binding), spec.path("policyName").asString(""), param, Age.of(binding, now));
    }

    // k8s.io/apimachinery/pkg/apis/meta/v1 generated.pb.go (*LabelSelector).String.
    private static String selectorString(JsonNode selector) {
        Map<String, String> labels = new TreeMap<>();
        selector.path("matchLabels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        StringBuilder s = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        labels.forEach((k, v) -> s.append(k).append(": ").append(v).append(","));
        s.append("},MatchExpressions:[]LabelSelectorRequirement{");
        for (JsonNode e : selector.path("matchExpressions")) {
            List<String> values = new ArrayList<>();
            e.path("values").forEach(v -> values.add(v.asString("")));
            s.append("LabelSelectorRequirement{Key:").append(e.path("key").asString(""))
                    .append(",Operator:").append(e.path("operator").asString(""))
                    .append(",Values:[").append(String.join(" ", values)).append("],},");
        }
        return s.append("},}").toString();
    }
}
