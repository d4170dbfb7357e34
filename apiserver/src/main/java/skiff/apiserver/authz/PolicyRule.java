package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import skiff.api.json.Json;
import skiff.api.validation.GoQuotedString;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One rule of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule), and whether it allows a request
 * (k/k plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows and pkg/apis/rbac/v1/evaluation_helpers.go, 1.32).
 */
public record PolicyRule(List<String> verbs, List<String> apiGroups, List<String> resources,
        List<String> resourceNames, List<String> nonResourceURLs) {
    private static final String ALL = "*";

    public PolicyRule {
        verbs = List.copyOf(verbs);
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
        nonResourceURLs = List.copyOf(nonResourceURLs);
    }

    public static PolicyRule resource(List<String> verbs, List<String> apiGroups, List<String> resources,
            List<String> resourceNames) {
        return new PolicyRule(verbs, apiGroups, resources, resourceNames, List.of());
    }

    public static PolicyRule nonResource(List<String> verbs, List<String> urls) {
        return new PolicyRule(verbs, List.of(), List.of(), List.of(), urls);
    }

    public static PolicyRule of(JsonNode rule) {
        return new PolicyRule(strings(rule.path("verbs")), strings(rule.path("apiGroups")),
                strings(rule.path("resources")), strings(rule.path("resourceNames")),
                strings(rule.path("nonResourceURLs")));
    }

    /** The rules of a role object's {@code rules} array. */
    public static List<PolicyRule> all(JsonNode rules) {
        List<PolicyRule> out = new ArrayList<>();
        rules.forEach(r -> out.add(of(r)));
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        put(n, "verbs", verbs);
        put(n, "apiGroups", apiGroups);
        put(n, "resources", resources);
        put(n, "resourceNames", resourceNames);
        put(n, "nonResourceURLs", nonResourceURLs);
        return n;
    }

    public boolean allows(RequestAttributes request) {
        if (!verbMatches(request.verb())) {
            return false;
        }
        if (!request.resourceRequest()) {
            return nonResourceURLMatches(request.path());
        }
        String combined = request.subresource().isEmpty() ? request.resource()
                : request.resource() + "/" + request.subresource();
        return (apiGroups.contains(ALL) || apiGroups.contains(request.apiGroup()))
                && resourceMatches(combined, request.subresource())
                && (resourceNames.isEmpty() || resourceNames.contains(request.name()));
    }

    private boolean verbMatches(String verb) {
        return verbs.contains(ALL) || verbs.contains(verb);
    }

    // evaluation_helpers.go ResourceMatches: "*", the exact resource[/subresource], or "*/subresource".
    private boolean resourceMatches(String combined, String subresource) {
        for (String r : resources) {
            if (r.equals(ALL) || r.equals(combined)) {
                return true;
            }
            if (!subresource.isEmpty() && r.equals("*/" + subresource)) {
                return true;
            }
        }
        return false;
    }

    // evaluation_helpers.go NonResourceURLMatches: "*", the exact path, or a prefix ending in "*".
    private boolean nonResourceURLMatches(String path) {
        for (String url : nonResourceURLs) {
            if (url.equals(ALL) || url.equals(path) || url.endsWith(ALL) && path.startsWith(stripStars(url))) {
                return true;
            }
        }
        return false;
    }

    static String stripStars(String url) {
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '*') {
            end--;
        }
        return url.substring(0, end);
    }

    /** The rule as pkg/apis/rbac/v1/helpers.go CompactString prints it in escalation messages. */
    public String compactString() {
        List<String> parts = new ArrayList<>();
        addPart(parts, "APIGroups", apiGroups);
        addPart(parts, "Resources", resources);
        addPart(parts, "NonResourceURLs", nonResourceURLs);
        addPart(parts, "ResourceNames", resourceNames);
        addPart(parts, "Verbs", verbs);
        return "{" + String.join(", ", parts) + "}";
    }

    private static void addPart(List<String> parts, String name, List<String> values) {
        if (!values.isEmpty()) {
            parts.add(name + ":" + goQuoted(values));
        }
    }

    /** A string slice as Go's %q prints it: {@code ["a" "b"]}. */
    public static String goQuoted(List<String> values) {
        return values.stream().map(GoQuotedString::of).collect(Collectors.joining(" ", "[", "]"));
    }

    private static void put(ObjectNode n, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString("")));
        return out;
    }
}
