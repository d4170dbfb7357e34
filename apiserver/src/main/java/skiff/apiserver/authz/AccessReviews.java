package skiff.apiserver.authz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.json.Json;
import skiff.api.validation.FieldError;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * authorization.k8s.io/v1 SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and
 * SelfSubjectRulesReview (k/k pkg/registry/authorization/*&#47;rest.go and pkg/apis/authorization/validation, 1.32):
 * each is answered with its status filled in, never stored. They back {@code kubectl auth can-i}.
 */
public final class AccessReviews {
    private static final String GROUP = "authorization.k8s.io";
    private final Authorizer authorizer;
    private final RbacAuthorizer rbac;

    /** Access reviews decided by {@code authorizer}; rules reviews list what {@code rbac} grants. */
    public AccessReviews(Authorizer authorizer, RbacAuthorizer rbac) {
        this.authorizer = authorizer;
        this.rbac = rbac;
    }

    /** The answer to a review of {@code kind} posted by {@code requester} (to {@code namespace}: local ones). */
    public ObjectNode review(String kind, String namespace, ObjectNode review, UserInfo requester) {
        ObjectNode answer = review.deepCopy();
        if (!(answer.get("metadata") instanceof ObjectNode meta)) {
            answer.putObject("metadata").putNull("creationTimestamp");
        } else if (!meta.has("creationTimestamp")) {
            meta.putNull("creationTimestamp");
        }
        JsonNode spec = review.path("spec");
        String name = review.path("metadata").path("name").asString("");
        if (kind.equals("SelfSubjectRulesReview")) {
            answer.set("status", rules(requester, spec.path("namespace").asString("")));
            return answer;
        }
        List<FieldError> errors = new ArrayList<>(validateAttributes(spec));
        UserInfo subject = requester;
        switch (kind) {
            case "SubjectAccessReview", "LocalSubjectAccessReview" -> {
                if (spec.path("user").asString("").isEmpty() && spec.path("groups").isEmpty()) {
                    errors.add(FieldError.invalid("spec.user", "", "at least one of user or group must be specified"));
                }
                subject = subject(spec);
            }
            default -> { }
        }
        if (kind.equals("LocalSubjectAccessReview") && spec.has("nonResourceAttributes")
                && !spec.get("nonResourceAttributes").isNull()) {
            errors.add(FieldError.invalid("spec.nonResourceAttributes", "", "disallowed on this kind of request"));
        }
        if (!errors.isEmpty()) {
            throw StatusException.invalid(GROUP, kind, name, errors);
        }
        if (kind.equals("LocalSubjectAccessReview")
                && !spec.path("resourceAttributes").path("namespace").asString("").equals(namespace)) {
            throw StatusException.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace);
        }
        Decision decision = authorizer.authorize(attributes(subject, spec));
        ObjectNode status = answer.putObject("status");
        status.put("allowed", decision.allowed());
        if (!decision.reason().isEmpty()) {
            status.put("reason", decision.reason());
        }
        return answer;
    }

    // pkg/apis/authorization/validation ValidateSubjectAccessReviewSpec: exactly one kind of attributes.
    private static List<FieldError> validateAttributes(JsonNode spec) {
        boolean resource = spec.hasNonNull("resourceAttributes");
        boolean nonResource = spec.hasNonNull("nonResourceAttributes");
        if (resource && nonResource) {
            return List.of(FieldError.invalid("spec.nonResourceAttributes", "",
                    "cannot be specified in combination with resourceAttributes"));
        }
        if (!resource && !nonResource) {
            return List.of(FieldError.invalid("spec.resourceAttributes", "",
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        return List.of();
    }

    private static UserInfo subject(JsonNode spec) {
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asString("")));
        Map<String, List<String>> extra = new LinkedHashMap<>();
        spec.path("extra").properties().forEach(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asString("")));
            extra.put(e.getKey(), values);
        });
        return new UserInfo(spec.path("user").asString(""), spec.path("uid").asString(""), groups, extra);
    }

    // pkg/registry/authorization/util/helpers.go ResourceAttributesFrom and NonResourceAttributesFrom.
    private static RequestAttributes attributes(UserInfo user, JsonNode spec) {
        JsonNode r = spec.path("resourceAttributes");
        if (spec.hasNonNull("resourceAttributes")) {
            return new RequestAttributes(user, r.path("verb").asString(""), true, "", r.path("group").asString(""),
                    r.path("version").asString(""), r.path("resource").asString(""),
                    r.path("subresource").asString(""), r.path("namespace").asString(""),
                    r.path("name").asString(""), r.path("fieldSelector").path("rawSelector").asString(""));
        }
        JsonNode n = spec.path("nonResourceAttributes");
        return RequestAttributes.nonResource(user, n.path("verb").asString(""), n.path("path").asString(""));
    }

    // pkg/registry/authorization/selfsubjectrulesreview/rest.go: the RBAC rules in the namespace (system:masters
    // holds its rules through the cluster-admin binding); incomplete for a node.
    private ObjectNode rules(UserInfo user, String namespace) {
        if (namespace.isEmpty()) {
            throw StatusException.badRequest("no namespace on request");
        }
        RuleResolver.Rules found = rbac.resolver().rulesFor(user, namespace);
        List<PolicyRule> rules = found.rules();
        ObjectNode status = Json.object();
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (PolicyRule rule : rules) {
            if (!rule.nonResourceURLs().isEmpty()) {
                ObjectNode n = nonResourceRules.addObject();
                strings(n.putArray("verbs"), rule.verbs());
                strings(n.putArray("nonResourceURLs"), rule.nonResourceURLs());
            } else {
                ObjectNode n = resourceRules.addObject();
                strings(n.putArray("verbs"), rule.verbs());
                if (!rule.apiGroups().isEmpty()) {
                    strings(n.putArray("apiGroups"), rule.apiGroups());
                }
                if (!rule.resources().isEmpty()) {
                    strings(n.putArray("resources"), rule.resources());
                }
                if (!rule.resourceNames().isEmpty()) {
                    strings(n.putArray("resourceNames"), rule.resourceNames());
                }
            }
        }
        if (NodeIdentity.nodeName(user).isPresent()) {
            // k/k node_authorizer.go RulesFor: a node's rules cannot be listed; the union (asked first) says so.
            List<String> errors = new ArrayList<>();
            errors.add("node authorizer does not support user rule resolution");
            errors.addAll(found.errors());
            status.put("incomplete", true);
            status.put("evaluationError", errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
            return status;
        }
        status.put("incomplete", !found.errors().isEmpty());
        if (!found.errors().isEmpty()) {
            status.put("evaluationError", "[" + String.join(", ", found.errors()) + "]");
        }
        return status;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
