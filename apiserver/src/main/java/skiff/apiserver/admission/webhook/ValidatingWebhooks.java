package skiff.apiserver.admission.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.admission.ValidatingAdmission;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ValidatingAdmissionWebhook plugin (k/k apiserver pkg/admission/plugin/webhook/validating, 1.32): the matching
 * webhooks of every ValidatingWebhookConfiguration, called in parallel on the object as it is to be stored; the
 * request fails with the first refusal or failure, in configuration order.
 */
public final class ValidatingWebhooks implements ValidatingAdmission {
    public static final String NAME = "ValidatingAdmissionWebhook";

    private final WebhookSource source;
    private final WebhookMatcher matcher;
    private final WebhookCaller caller;

    public ValidatingWebhooks(WebhookSource source) {
        this.source = source;
        this.matcher = new WebhookMatcher(source);
        this.caller = new WebhookCaller(source, new WebhookClient());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Operation> operations() {
        return Set.of(Operation.CREATE, Operation.UPDATE, Operation.DELETE);
    }

    @Override
    public void validate(AdmissionRequest request) {
        if (WebhookMatcher.exempt(request)) {
            return;
        }
        List<JsonNode> hooks = new ArrayList<>();
        for (ObjectNode configuration : Webhooks.inNameOrder(source.webhookConfigurations(false))) {
            for (JsonNode hook : configuration.path("webhooks")) {
                if (matcher.matches(hook, request)) {
                    hooks.add(hook);
                }
            }
        }
        if (hooks.isEmpty()) {
            return;
        }
        List<Future<Optional<JsonNode>>> calls = new ArrayList<>();
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            for (JsonNode hook : hooks) {
                calls.add(parallel.submit(() -> caller.call(hook, request, false)));
            }
        }
        // The warnings and audit annotations of every allowing webhook are passed on from this thread, once all have
        // answered.
        for (int i = 0; i < calls.size(); i++) {
            JsonNode hook = hooks.get(i);
            try {
                calls.get(i).get().ifPresent(response -> Webhooks.passOn(hook, response, request));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
