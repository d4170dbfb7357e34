package skiff.apiserver.registry.admissionregistration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import skiff.api.validation.FieldError;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;

/** The checks on the rules webhooks and admission policies match requests by (k/k pkg/apis/admissionregistration validation.go, 1.32). */
final class RuleValidation {
    private static final List<String> OPERATIONS = List.of("*", "CONNECT", "CREATE", "DELETE", "UPDATE");
    private static final List<String> SCOPES = List.of("*", "Cluster", "Namespaced");

    private RuleValidation() {}

    // validation.go validateRuleWithOperations and validateRule (subresources allowed).
    static void validateRule(JsonNode rule, String at, List<FieldError> errors) {
        List<String> operations = strings(rule.path("operations"));
        if (operations.isEmpty()) {
            errors.add(FieldError.required(at + ".operations", ""));
        }
        if (operations.size() > 1 && operations.contains("*")) {
            errors.add(FieldError.invalid(at + ".operations", operations,
                    "if '*' is present, must not specify other operations"));
        }
        for (int i = 0; i < operations.size(); i++) {
            if (!OPERATIONS.contains(operations.get(i))) {
                errors.add(FieldError.notSupported(at + ".operations[" + i + "]", operations.get(i), OPERATIONS));
            }
        }
        List<String> groups = strings(rule.path("apiGroups"));
        if (groups.isEmpty()) {
            errors.add(FieldError.required(at + ".apiGroups", ""));
        }
        if (groups.size() > 1 && groups.contains("*")) {
            errors.add(FieldError.invalid(at + ".apiGroups", groups,
                    "if '*' is present, must not specify other API groups"));
        }
        List<String> versions = strings(rule.path("apiVersions"));
        if (versions.isEmpty()) {
            errors.add(FieldError.required(at + ".apiVersions", ""));
        }
        if (versions.size() > 1 && versions.contains("*")) {
            errors.add(FieldError.invalid(at + ".apiVersions", versions,
                    "if '*' is present, must not specify other API versions"));
        }
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).isEmpty()) {
                errors.add(FieldError.required(at + ".apiVersions[" + i + "]", ""));
            }
        }
        validateResources(strings(rule.path("resources")), at + ".resources", errors);
        JsonNode scope = rule.get("scope");
        if (GoFields.present(scope) && !SCOPES.contains(scope.asString(""))) {
            errors.add(FieldError.notSupported(at + ".scope", scope.asString(""), SCOPES));
        }
    }

    // validation.go validateResources: "x/*" excludes other "x/..." after it, "*/y" other ".../y", "*/*" anything
    // else, and "*" other resources without subresources.
    private static void validateResources(List<String> resources, String at, List<FieldError> errors) {
        if (resources.isEmpty()) {
            errors.add(FieldError.required(at, ""));
        }
        Set<String> wildcardSubresources = new HashSet<>();
        Set<String> wildcardResources = new HashSet<>();
        boolean doubleWildcard = false;
        boolean singleWildcard = false;
        boolean withoutSubresource = false;
        for (int i = 0; i < resources.size(); i++) {
            String resSub = resources.get(i);
            String item = at + "[" + i + "]";
            if (resSub.isEmpty()) {
                errors.add(FieldError.required(item, ""));
                continue;
            }
            doubleWildcard |= resSub.equals("*/*");
            singleWildcard |= resSub.equals("*");
            int slash = resSub.indexOf('/');
            if (slash < 0) {
                withoutSubresource = !resSub.equals("*");
                continue;
            }
            String res = resSub.substring(0, slash);
            String sub = resSub.substring(slash + 1);
            if (wildcardSubresources.contains(res)) {
                errors.add(FieldError.invalid(item, resSub, "if '" + res + "/*' is present, must not specify " + resSub));
            }
            if (wildcardResources.contains(sub)) {
                errors.add(FieldError.invalid(item, resSub, "if '*/" + sub + "' is present, must not specify " + resSub));
            }
            if (sub.equals("*")) {
                wildcardSubresources.add(res);
            }
            if (res.equals("*")) {
                wildcardResources.add(sub);
            }
        }
        if (resources.size() > 1 && doubleWildcard) {
            errors.add(FieldError.invalid(at, resources, "if '*/*' is present, must not specify other resources"));
        }
        if (singleWildcard && withoutSubresource) {
            errors.add(FieldError.invalid(at, resources,
                    "if '*' is present, must not specify other resources without subresources"));
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString("")));
        return out;
    }
}
