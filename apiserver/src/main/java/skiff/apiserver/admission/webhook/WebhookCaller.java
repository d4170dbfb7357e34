package skiff.apiserver.admission.webhook;

import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.json.Json;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Calls one webhook for one request and turns what happens into Kubernetes' outcome (k/k apiserver
 * pkg/admission/plugin/webhook/mutating/dispatcher.go and validating/dispatcher.go, 1.32): the webhook's response
 * when it allows the request, its refusal as a Status, and a failed call either ignored (failurePolicy Ignore) or
 * answered with a 500.
 */
final class WebhookCaller {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookCaller.class);

    private final WebhookSource source;
    private final WebhookClient client;

    WebhookCaller(WebhookSource source, WebhookClient client) {
        this.source = source;
        this.client = client;
    }

    /** The allowing response of {@code hook}; empty when the call failed and the webhook's failures are ignored. */
    Optional<JsonNode> call(JsonNode hook, AdmissionRequest request, boolean mutating) {
        String name = hook.path("name").asString("");
        // dispatcher.go: webhooks with side effects are not called on dry runs, and the request fails.
        String sideEffects = hook.path("sideEffects").asString("");
        if (request.dryRun() && !sideEffects.equals("None") && !sideEffects.equals("NoneOnDryRun")) {
            throw StatusException.badRequest("admission webhook \"" + name + "\" does not support dry run");
        }
        long timeout = hook.path("timeoutSeconds").asLong(10);
        String uid = UUID.randomUUID().toString();
        JsonNode response;
        try {
            WebhookTarget target = WebhookTarget.of(hook.path("clientConfig"), timeout, source);
            JsonNode review = client.post(target, Json.bytes(AdmissionReviews.request(uid, request)), timeout);
            response = AdmissionReviews.response(review, uid, mutating);
        } catch (WebhookCallFailure failure) {
            // k/k apiserver pkg/util/webhook/error.go ErrCallingWebhook.Error, and errors.NewInternalError.
            String error = "failed calling webhook \"" + name + "\": " + failure.admissionReason();
            if (hook.path("failurePolicy").asString("Fail").equals("Ignore")) {
                LOG.warn("{}; failurePolicy Ignore lets the request through", error);
                return Optional.empty();
            }
            ObjectNode details = Json.object();
            details.putArray("causes").addObject().put("message", error);
            throw StatusException.of(500, "InternalError", "Internal error occurred: " + error, details);
        }
        if (!response.path("allowed").asBoolean(false)) {
            throw denied(name, response.path("status"));
        }
        return Optional.of(response);
    }

    // k/k apiserver pkg/admission/plugin/webhook/errors/statuserror.go ToStatusErr: the webhook's Status, at least a
    // 400, its message after who refused.
    private static StatusException denied(String name, JsonNode status) {
        int code = status.path("code").asInt(0);
        String message = status.path("message").asString("");
        String reason = status.path("reason").asString("");
        String deniedBy = "admission webhook \"" + name + "\" denied the request";
        String text = !message.isEmpty() ? deniedBy + ": " + message
                : !reason.isEmpty() ? deniedBy + ": " + reason : deniedBy + " without explanation";
        JsonNode details = status.get("details");
        return StatusException.of(code < 400 ? 400 : code, reason, text,
                details instanceof ObjectNode d ? d.deepCopy() : null);
    }
}
