package skiff.apiserver.registry.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.validation.FieldError;
import skiff.api.validation.GoStruct;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.apps.IntOrPercent;
import skiff.apiserver.registry.apps.WorkloadSelector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * policy/v1 PodDisruptionBudgets (k/k pkg/registry/policy/poddisruptionbudget/strategy.go and
 * pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudgetSpec, 1.32): a create starts without status,
 * an update keeps the stored status, and the spec names at most one of minAvailable and maxUnavailable.
 */
public enum PodDisruptionBudgetStrategy implements ResourceStrategy {
    INSTANCE;

    // validation.go supportedUnhealthyPodEvictionPolicies, sorted as sets.List returns them.
    private static final List<String> EVICTION_POLICIES = List.of("AlwaysAllow", "IfHealthyBudget");

    @Override
    public void prepareForCreate(ObjectNode pdb) {
        pdb.remove("status");
    }

    @Override
    public void prepareForUpdate(ObjectNode pdb, ObjectNode old) {
        JsonNode status = old.get("status");
        if (status == null) {
            pdb.remove("status");
        } else {
            pdb.set("status", status.deepCopy());
        }
    }

    @Override
    public List<FieldError> validate(ObjectNode pdb) {
        return validateSpec(pdb.path("spec"));
    }

    /** The spec's rules, at the paths Kubernetes reports them. */
    public static List<FieldError> validateSpec(JsonNode spec) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode min = present(spec.get("minAvailable"));
        JsonNode max = present(spec.get("maxUnavailable"));
        if (min != null && max != null) {
            errors.add(FieldError.invalid("spec", badValue(spec), "minAvailable and maxUnavailable cannot be both set"));
        }
        errors.addAll(intOrPercent(min, "spec.minAvailable"));
        errors.addAll(intOrPercent(max, "spec.maxUnavailable"));
        errors.addAll(WorkloadSelector.validate(spec.get("selector"), "spec.selector"));
        JsonNode policy = present(spec.get("unhealthyPodEvictionPolicy"));
        if (policy != null && !EVICTION_POLICIES.contains(policy.asString(""))) {
            errors.add(FieldError.notSupported("spec.unhealthyPodEvictionPolicy", policy.asString(""),
                    EVICTION_POLICIES));
        }
        return errors;
    }

    // validation.go: each of them, when set, is a non-negative number or a percentage of at most 100%.
    private static List<FieldError> intOrPercent(JsonNode value, String path) {
        if (value == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>(IntOrPercent.validatePositive(value, path));
        errors.addAll(IntOrPercent.notMoreThan100Percent(value, path));
        return errors;
    }

    private static JsonNode present(JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }

    // The internal policy.PodDisruptionBudgetSpec has no json tags: json.Marshal writes Go's field names, nil as null.
    private static GoStruct badValue(JsonNode spec) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("MinAvailable", present(spec.get("minAvailable")));
        fields.put("Selector", WorkloadSelector.badValue(spec.get("selector")));
        fields.put("MaxUnavailable", present(spec.get("maxUnavailable")));
        fields.put("UnhealthyPodEvictionPolicy", present(spec.get("unhealthyPodEvictionPolicy")));
        return new GoStruct(fields);
    }
}
