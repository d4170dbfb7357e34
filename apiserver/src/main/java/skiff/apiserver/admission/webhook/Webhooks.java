package skiff.apiserver.admission.webhook;

import java.util.Comparator;
import java.util.List;
import skiff.apiserver.admission.AdmissionRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The order webhook configurations are consulted in, and what passes from their answers to the client. */
final class Webhooks {
    private Webhooks() {}

    // k/k apiserver pkg/admission/configuration/mutating_webhook_manager.go and validating_webhook_manager.go:
    // configurations sorted by name.
    static List<ObjectNode> inNameOrder(List<ObjectNode> configurations) {
        return configurations.stream()
                .sorted(Comparator.comparing(c -> c.path("metadata").path("name").asString(""))).toList();
    }

    // k/k 1.32 apiserver pkg/admission/plugin/webhook/mutating and validating dispatcher.go: each of
    // response.auditAnnotations goes into the request's audit events as WEBHOOK/KEY, each of response.warnings
    // becomes a warning of the request, as it is.
    static void passOn(JsonNode hook, JsonNode response, AdmissionRequest request) {
        String webhook = hook.path("name").asString("");
        response.path("auditAnnotations").properties().forEach(a -> request.auditAnnotations()
                .accept(webhook + "/" + a.getKey(), a.getValue().asString("")));
        response.path("warnings").forEach(w -> request.warnings().accept(w.asString("")));
    }
}
