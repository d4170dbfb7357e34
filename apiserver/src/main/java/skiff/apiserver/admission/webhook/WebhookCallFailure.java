package skiff.apiserver.admission.webhook;

/**
 * A webhook could not be called or answered nonsense (k/k apiserver pkg/util/webhook/error.go ErrCallingWebhook's
 * reason): its failurePolicy decides whether the request fails. The message is the HTTP client's error as
 * client-go words it (for instance {@code Post "URL": dial tcp ...}); admission says more around it.
 */
public final class WebhookCallFailure extends RuntimeException {
    private final boolean callError;

    private WebhookCallFailure(String reason, boolean callError) {
        super(reason, null, false, false);
        this.callError = callError;
    }

    /** The call was made, or its target could not be resolved, and failed so. */
    static WebhookCallFailure call(String reason) {
        return new WebhookCallFailure(reason, true);
    }

    /** Admission's webhook answered with a review it may not send. */
    static WebhookCallFailure answer(String reason) {
        return new WebhookCallFailure(reason, false);
    }

    /** No HTTP client could be made for the webhook's trust. */
    static WebhookCallFailure client(String reason) {
        return new WebhookCallFailure("failed to get client: " + reason, false);
    }

    // k/k apiserver pkg/admission/plugin/webhook/generic/webhook.go and dispatchers (1.32): a failed call is
    // "failed to call webhook: ..." in admission's words.
    String admissionReason() {
        return callError ? "failed to call webhook: " + getMessage() : getMessage();
    }
}
