package skiff.apiserver.admission.webhook;

import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.RequestMatching;
import skiff.apiserver.admission.policy.MatchConditions;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;

/** Whether a webhook is called for a request: its rules, its selectors, then its match conditions. */
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
        if (!ruled || !RequestMatching.objectSelectorMatches(hook.get("objectSelector"), request)
                || !RequestMatching.namespaceSelectorMatches(hook.get("namespaceSelector"), request,
                        source::namespace)) {
            return false;
        }
        JsonNode conditions = hook.path("matchConditions");
        if (conditions.isEmpty()) {
            return true;
        }
        // webhook.go ShouldCallHook: conditions that cannot be evaluated under failurePolicy Fail refuse the
        // request as Forbidden, without calling the webhook.
        MatchConditions.Result result = MatchConditions.evaluate(conditions,
                hook.path("failurePolicy").asString("Fail").equals("Ignore"), request, source.admissionAuthorizer());
        if (result.error() != null) {
            throw StatusException.forbiddenRequest(request.resource().group(), request.resource().resource(),
                    request.name() == null ? "" : request.name(), result.error());
        }
        return result.matches();
    }
}
