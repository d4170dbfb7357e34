package skiff.apiserver.admission.webhook;

/**
 * A webhook could not be called or answered nonsense (k/k apiserver pkg/util/webhook/error.go ErrCallingWebhook's
 * reason): its failurePolicy decides whether the request fails.
 */
final class WebhookCallFailure extends RuntimeException {
    WebhookCallFailure(String reason) {
        super(reason, null, false, false);
    }
}
