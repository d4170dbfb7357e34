package skiff.apiserver.admission.webhook;

import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * POSTs a JSON review to the webhook a {@code clientConfig} names (its url, or its service through the Service's
 * Endpoints), trusting its caBundle: what admission webhooks and CRD conversion webhooks share (k/k 1.32 apiserver
 * pkg/util/webhook/client.go ClientManager).
 */
public final class WebhookPoster {
    private final WebhookSource source;
    private final WebhookClient client = new WebhookClient();

    public WebhookPoster(WebhookSource source) {
        this.source = source;
    }

    /**
     * The JSON the webhook answered {@code review} with, the whole call bounded by {@code timeoutSeconds}.
     *
     * @throws WebhookCallFailure when it could not be called in time, or answered other than 2xx JSON; its message
     *     is Kubernetes' reason for the failure
     */
    public JsonNode post(JsonNode clientConfig, JsonNode review, long timeoutSeconds) {
        WebhookTarget target = WebhookTarget.of(clientConfig, timeoutSeconds, source);
        return client.post(target, Json.bytes(review), timeoutSeconds);
    }
}
