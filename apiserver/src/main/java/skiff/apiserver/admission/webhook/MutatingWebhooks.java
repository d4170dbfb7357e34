package skiff.apiserver.admission.webhook;

import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import skiff.api.json.Json;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.MutatingAdmission;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MutatingAdmissionWebhook plugin (k/k apiserver pkg/admission/plugin/webhook/mutating, 1.32): the matching
 * webhooks of every MutatingWebhookConfiguration, configurations in name order, each webhook's JSONPatch applied to
 * the object before the next one sees it. When a webhook changes the object, the webhooks with reinvocationPolicy
 * IfNeeded called before it are called once more at the end (the plugins before this one are not).
 */
public final class MutatingWebhooks implements MutatingAdmission {
    public static final String NAME = "MutatingAdmissionWebhook";

    private final WebhookSource source;
    private final WebhookMatcher matcher;
    private final WebhookCaller caller;

    public MutatingWebhooks(WebhookSource source) {
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
    public void admit(AdmissionRequest request) {
        if (WebhookMatcher.exempt(request)) {
            return;
        }
        List<JsonNode> hooks = new ArrayList<>();
        for (ObjectNode configuration : Webhooks.inNameOrder(source.webhookConfigurations(true))) {
            configuration.path("webhooks").forEach(hooks::add);
        }
        // k/k mutating/dispatcher.go Dispatch and admission reinvocation.go: the reinvocation pass calls only the
        // IfNeeded webhooks that ran before a later change.
        Set<JsonNode> invokedIfNeeded = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<JsonNode> reinvoke = Collections.newSetFromMap(new IdentityHashMap<>());
        for (JsonNode hook : hooks) {
            if (!matcher.matches(hook, request)) {
                continue;
            }
            if (callAndPatch(hook, request)) {
                reinvoke.addAll(invokedIfNeeded);
            }
            if (hook.path("reinvocationPolicy").asString("Never").equals("IfNeeded")) {
                invokedIfNeeded.add(hook);
            }
        }
        for (JsonNode hook : hooks) {
            if (reinvoke.contains(hook) && matcher.matches(hook, request)) {
                callAndPatch(hook, request);
            }
        }
    }

    /** Calls {@code hook} and applies its patch; whether the object changed. */
    private boolean callAndPatch(JsonNode hook, AdmissionRequest request) {
        Optional<JsonNode> response = caller.call(hook, request, true);
        response.ifPresent(r -> Webhooks.passOn(hook, r, request));
        String patch = response.map(r -> r.path("patch").asString("")).orElse("");
        ObjectNode object = request.object();
        if (patch.isEmpty() || object == null) {
            return false;
        }
        JsonNode patched;
        try {
            patched = JsonPatch.apply(Json.parse(Base64.getDecoder().decode(patch)), object);
        } catch (RuntimeException e) {
            // mutating/dispatcher.go: a patch that does not apply is an internal error.
            throw StatusException.internal(e.getMessage());
        }
        if (!(patched instanceof ObjectNode result) || result.equals(object)) {
            return false;
        }
        object.removeAll();
        object.setAll(result);
        return true;
    }
}
