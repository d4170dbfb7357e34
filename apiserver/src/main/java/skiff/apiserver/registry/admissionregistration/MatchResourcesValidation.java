package skiff.apiserver.registry.admissionregistration;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.api.validation.NameRule;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MatchResources of admission policies and their bindings: defaults (k/k pkg/apis/admissionregistration/v1
 * defaults.go SetDefaults_MatchResources and SetDefaults_Rule, 1.32) and checks (validation.go
 * validateMatchResources and validateNamedRuleWithOperations).
 */
final class MatchResourcesValidation {
    private static final List<String> MATCH_POLICIES = List.of("Equivalent", "Exact");

    private MatchResourcesValidation() {}

    static void applyDefaults(JsonNode match) {
        if (!(match instanceof ObjectNode m)) {
            return;
        }
        if (!GoFields.present(m.get("matchPolicy"))) {
            m.put("matchPolicy", "Equivalent");
        }
        if (!GoFields.present(m.get("namespaceSelector"))) {
            m.putObject("namespaceSelector");
        }
        if (!GoFields.present(m.get("objectSelector"))) {
            m.putObject("objectSelector");
        }
        for (String rules : List.of("resourceRules", "excludeResourceRules")) {
            for (JsonNode rule : m.path(rules)) {
                if (rule instanceof ObjectNode r && !GoFields.present(r.get("scope"))) {
                    r.put("scope", "*");
                }
            }
        }
    }

    static void validate(JsonNode match, String at, List<FieldError> errors) {
        if (!GoFields.present(match)) {
            return;
        }
        JsonNode policy = match.get("matchPolicy");
        if (!GoFields.present(policy)) {
            errors.add(FieldError.required(at + ".matchPolicy", ""));
        } else if (!MATCH_POLICIES.contains(policy.asString(""))) {
            errors.add(FieldError.notSupported(at + ".matchPolicy", policy.asString(""), MATCH_POLICIES));
        }
        for (String selector : List.of("namespaceSelector", "objectSelector")) {
            if (!GoFields.present(match.get(selector))) {
                errors.add(FieldError.required(at + "." + selector, ""));
            } else {
                errors.addAll(WorkloadSelector.validate(match.get(selector), at + "." + selector));
            }
        }
        for (String rules : List.of("resourceRules", "excludeResourceRules")) {
            JsonNode list = match.path(rules);
            for (int i = 0; i < list.size(); i++) {
                validateNamedRule(list.get(i), at + "." + rules + "[" + i + "]", errors);
            }
        }
    }

    private static void validateNamedRule(JsonNode rule, String at, List<FieldError> errors) {
        List<String> names = RuleValidation.strings(rule.path("resourceNames"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String item = at + ".resourceNames[" + i + "]";
            NameRule.PATH_SEGMENT.validate(name, false).forEach(m -> errors.add(FieldError.invalid(item, name, m)));
            if (!seen.add(name)) {
                errors.add(FieldError.duplicate(item, name));
            }
        }
        RuleValidation.validateRule(rule, at, errors);
    }
}
