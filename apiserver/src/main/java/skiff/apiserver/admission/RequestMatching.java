package skiff.apiserver.admission;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import skiff.apiserver.registry.apps.WorkloadSelector;
import skiff.apiserver.registry.core.GoFields;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a request is one that webhooks and admission policies select: by rule, by object selector, by namespace
 * selector (k/k apiserver pkg/admission/plugin/webhook/predicates, which policy/matching reuses, 1.32).
 */
public final class RequestMatching {
    // k/k apiserver pkg/admission/plugin/webhook/predicates/rules/rules.go IsExemptAdmissionConfigurationResource
    // (1.32): writes to admission configuration never go to webhooks or policies, so that a broken one can be removed.
    private static final Set<String> EXEMPT_KINDS = Set.of("ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding");

    private RequestMatching() {}

    public static boolean exempt(AdmissionRequest request) {
        return request.resource().group().equals("admissionregistration.k8s.io")
                && EXEMPT_KINDS.contains(request.resource().kind());
    }

    // k/k apiserver pkg/admission/plugin/webhook/predicates/rules/rules.go Matcher.Matches.
    public static boolean ruleMatches(JsonNode rule, AdmissionRequest request) {
        return listed(rule.path("operations"), request.operation().name())
                && listed(rule.path("apiGroups"), request.resource().group())
                && listed(rule.path("apiVersions"), request.resource().version())
                && resourceMatches(rule.path("resources"), request)
                && scopeMatches(rule.path("scope").asString("*"), request);
    }

    private static boolean listed(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asString("").equals("*") || v.asString("").equals(value)) {
                return true;
            }
        }
        return false;
    }

    // rules.go Matcher.resource: "res/sub" with either part "*"; a rule without "/" names no subresource.
    private static boolean resourceMatches(JsonNode resources, AdmissionRequest request) {
        for (JsonNode r : resources) {
            String resSub = r.asString("");
            int slash = resSub.indexOf('/');
            String res = slash < 0 ? resSub : resSub.substring(0, slash);
            String sub = slash < 0 ? "" : resSub.substring(slash + 1);
            if ((res.equals("*") || res.equals(request.resource().resource()))
                    && (sub.equals("*") || sub.equals(request.subresource()))) {
                return true;
            }
        }
        return false;
    }

    // rules.go Matcher.scope: Namespace objects are cluster-scoped.
    private static boolean scopeMatches(String scope, AdmissionRequest request) {
        boolean clusterScoped = request.isCore("namespaces") || !request.resource().namespaced();
        return switch (scope) {
            case "Namespaced" -> !clusterScoped;
            case "Cluster" -> clusterScoped;
            default -> true;
        };
    }

    // k/k apiserver pkg/admission/plugin/webhook/predicates/object/matcher.go MatchObjectSelector: the new or the old
    // object's labels; an empty selector matches everything.
    public static boolean objectSelectorMatches(JsonNode selector, AdmissionRequest request) {
        if (!GoFields.present(selector) || WorkloadSelector.empty(selector)) {
            return true;
        }
        return matchesObject(selector, request.object()) || matchesObject(selector, request.oldObject());
    }

    private static boolean matchesObject(JsonNode selector, ObjectNode object) {
        return object != null && WorkloadSelector.matches(selector, labels(object));
    }

    // k/k apiserver pkg/admission/plugin/webhook/predicates/namespace/matcher.go MatchNamespaceSelector: cluster-scoped
    // objects other than namespaces always match; a namespace is matched by its own labels (the new object's on
    // create and update); other objects by their namespace's, which {@code namespaces} finds by name.
    public static boolean namespaceSelectorMatches(JsonNode selector, AdmissionRequest request,
            Function<String, Optional<ObjectNode>> namespaces) {
        if (!GoFields.present(selector) || WorkloadSelector.empty(selector)) {
            return true;
        }
        if (request.isCore("namespaces")) {
            ObjectNode namespace = request.mainResource() && request.object() != null ? request.object()
                    : namespaces.apply(request.name()).orElse(request.oldObject());
            return namespace != null && WorkloadSelector.matches(selector, labels(namespace));
        }
        if (request.namespace() == null || request.namespace().isEmpty()) {
            return true;
        }
        return namespaces.apply(request.namespace())
                .map(ns -> WorkloadSelector.matches(selector, labels(ns))).orElse(false);
    }

    private static Map<String, String> labels(ObjectNode object) {
        return GoFields.stringMap(object.path("metadata"), "labels");
    }
}
