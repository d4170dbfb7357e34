package skiff.apiserver.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authz.RequestAttributes;
import tools.jackson.databind.JsonNode;

/**
 * One rule of an audit Policy (k/k apiserver pkg/apis/audit/v1 PolicyRule and pkg/audit/policy/checker.go
 * ruleMatches, 1.32): every list that is set must match; resources and namespaces only match resource requests,
 * nonResourceURLs only other ones.
 */
record AuditRule(AuditLevel level, List<String> users, List<String> userGroups, List<String> verbs,
        List<GroupResources> resources, List<String> namespaces, List<String> nonResourceURLs,
        Set<AuditStage> omitStages, Optional<Boolean> omitManagedFields) {

    /** A group's resources, optionally only the objects of these names. */
    record GroupResources(String group, List<String> resources, List<String> resourceNames) {}

    static AuditRule parse(JsonNode rule, String source) {
        AuditLevel level;
        try {
            level = AuditLevel.valueOf(rule.path("level").asString(""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the audit policy " + source + " has a rule of unknown level \""
                    + rule.path("level").asString("") + "\"", e);
        }
        List<GroupResources> resources = new ArrayList<>();
        for (JsonNode gr : rule.path("resources")) {
            resources.add(new GroupResources(gr.path("group").asString(""), strings(gr.path("resources")),
                    strings(gr.path("resourceNames"))));
        }
        JsonNode omitManaged = rule.path("omitManagedFields");
        return new AuditRule(level, strings(rule.path("users")), strings(rule.path("userGroups")),
                strings(rule.path("verbs")), List.copyOf(resources), strings(rule.path("namespaces")),
                strings(rule.path("nonResourceURLs")), AuditStage.parseAll(rule.path("omitStages")),
                omitManaged.isBoolean() ? Optional.of(omitManaged.asBoolean()) : Optional.empty());
    }

    boolean matches(UserInfo user, RequestAttributes request) {
        if (!users.isEmpty() && !users.contains(user.name())) {
            return false;
        }
        if (!userGroups.isEmpty() && user.groups().stream().noneMatch(userGroups::contains)) {
            return false;
        }
        if (!verbs.isEmpty() && !verbs.contains(request.verb())) {
            return false;
        }
        if (!nonResourceURLs.isEmpty() && (request.resourceRequest() || !matchesPath(request.path()))) {
            return false;
        }
        if ((!resources.isEmpty() || !namespaces.isEmpty())
                && (!request.resourceRequest() || !matchesResource(request))) {
            return false;
        }
        return true;
    }

    // checker.go ruleMatchesNonResource: an exact path, or a prefix ending in "*".
    private boolean matchesPath(String path) {
        for (String spec : nonResourceURLs) {
            if (spec.equals("*") || spec.equals(path)
                    || spec.endsWith("*") && path.startsWith(spec.substring(0, spec.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    // checker.go ruleMatchesResource: "" in namespaces is the cluster scope; "res/sub", "*", "*/sub" and "res/*".
    private boolean matchesResource(RequestAttributes request) {
        if (!namespaces.isEmpty() && !namespaces.contains(request.namespace())) {
            return false;
        }
        if (resources.isEmpty()) {
            return true;
        }
        String resource = request.resource();
        String subresource = request.subresource();
        String combined = subresource.isEmpty() ? resource : resource + "/" + subresource;
        for (GroupResources gr : resources) {
            if (!gr.group().equals(request.apiGroup())) {
                continue;
            }
            if (gr.resources().isEmpty()) {
                return true;
            }
            for (String res : gr.resources()) {
                if (!gr.resourceNames().isEmpty() && !gr.resourceNames().contains(request.name())) {
                    continue;
                }
                if (res.equals(combined) || res.equals("*")
                        || res.startsWith("*/") && res.substring(2).equals(subresource)
                        || res.endsWith("/*") && res.substring(0, res.length() - 2).equals(resource)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : list) {
            out.add(s.asString(""));
        }
        return List.copyOf(out);
    }
}
