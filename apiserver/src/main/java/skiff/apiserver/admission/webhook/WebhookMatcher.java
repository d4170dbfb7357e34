package skiff.apiserver.admission.webhook;

import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.RequestMatching;
import tools.jackson.databind.JsonNode;

/** Whether a webhook is called for a request: its rules, its object selector and its namespace selector. */
final class WebhookMatcher {
    private final WebhookSource source;

    WebhookMatcher(WebhookSource source) {
        this.source = source;
    }

    static boolean exempt(AdmissionRequest request) {
        return RequestMatching.exempt(request);
    }

    // k/k apiserver pkg/admission/plugin/webhook/generic/webhook.go ShouldCallHook. matchPolicy Equivalent also
    // matches a resource served under another group or version; every resource here is served once, so both policies
    // match the same requests.
    boolean matches(JsonNode hook, AdmissionRequest request) {
        boolean ruled = false;
        for (JsonNode rule : hook.path("rules")) {
            ruled |= RequestMatching.ruleMatches(rule, request);
        }
        return ruled && RequestMatching.objectSelectorMatches(hook.get("objectSelector"), request)
                && RequestMatching.namespaceSelectorMatches(hook.get("namespaceSelector"), request,
                        source::namespace);
    }
}
