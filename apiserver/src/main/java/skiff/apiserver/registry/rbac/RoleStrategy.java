package skiff.apiserver.registry.rbac;

import java.util.ArrayList;
import java.util.List;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.ResourceStrategy;
import skiff.apiserver.registry.apps.WorkloadSelector;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * rbac.authorization.k8s.io/v1 Roles and ClusterRoles (k/k pkg/apis/rbac/validation/validation.go ValidateRole,
 * ValidateClusterRole and ValidatePolicyRule, 1.32): every rule names verbs, and either resources in API groups or,
 * in a ClusterRole only, non-resource URLs; an aggregation rule needs at least one valid selector.
 */
public enum RoleStrategy implements ResourceStrategy {
    ROLE(true),
    CLUSTER_ROLE(false);

    private final boolean namespaced;

    RoleStrategy(boolean namespaced) {
        this.namespaced = namespaced;
    }

    @Override
    public List<FieldError> validate(ObjectNode role) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode rules = role.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            errors.addAll(validateRule(rules.get(i), namespaced, "rules[" + i + "]"));
        }
        JsonNode aggregation = role.get("aggregationRule");
        if (!namespaced && aggregation != null && !aggregation.isNull()) {
            JsonNode selectors = aggregation.path("clusterRoleSelectors");
            if (selectors.isEmpty()) {
                errors.add(FieldError.required("aggregationRule.clusterRoleSelectors",
                        "at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }
            for (int i = 0; i < selectors.size(); i++) {
                errors.addAll(WorkloadSelector.validate(selectors.get(i),
                        "aggregationRule.clusterRoleSelectors[" + i + "]"));
            }
        }
        return errors;
    }

    // k/k pkg/apis/rbac/validation/validation.go ValidatePolicyRule (1.32).
    static List<FieldError> validateRule(JsonNode rule, boolean namespaced, String path) {
        List<FieldError> errors = new ArrayList<>();
        if (rule.path("verbs").isEmpty()) {
            errors.add(FieldError.required(path + ".verbs", "verbs must contain at least one value"));
        }
        JsonNode urls = rule.path("nonResourceURLs");
        if (!urls.isEmpty()) {
            List<String> values = strings(urls);
            if (namespaced) {
                errors.add(FieldError.invalid(path + ".nonResourceURLs", values,
                        "namespaced rules cannot apply to non-resource URLs"));
            }
            if (!rule.path("apiGroups").isEmpty() || !rule.path("resources").isEmpty()
                    || !rule.path("resourceNames").isEmpty()) {
                errors.add(FieldError.invalid(path + ".nonResourceURLs", values,
                        "rules cannot apply to both regular resources and non-resource URLs"));
            }
            return errors;
        }
        if (rule.path("apiGroups").isEmpty()) {
            errors.add(FieldError.required(path + ".apiGroups", "resource rules must supply at least one api group"));
        }
        if (rule.path("resources").isEmpty()) {
            errors.add(FieldError.required(path + ".resources", "resource rules must supply at least one resource"));
        }
        return errors;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString("")));
        return out;
    }
}
