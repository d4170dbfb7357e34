package skiff.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import skiff.controllers.framework.RawRequests;
import skiff.controllers.framework.RawResponse;

/**
 * PUT {@code /api/v1/namespaces/NAME/finalize}: the one write that may change a namespace's spec.finalizers (k/k
 * pkg/registry/core/namespace/storage/storage.go FinalizeREST). fabric8 has no call for it.
 */
final class FinalizeSubresource {
    /** What the API server answered. */
    enum Outcome { FINALIZED, GONE, CONFLICT }

    private final KubernetesClient client;
    private final RawRequests raw;

    FinalizeSubresource(KubernetesClient client) {
        this.client = client;
        this.raw = new RawRequests(client);
    }

    /** Stores {@code namespace}'s spec.finalizers, guarded by its resourceVersion. */
    Outcome put(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        RawResponse response = raw.send("PUT",
                "/api/v1/namespaces/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/finalize",
                "application/json", client.getKubernetesSerialization().asJson(namespace));
        return switch (response.code()) {
            case 200, 201 -> Outcome.FINALIZED;
            case 404 -> Outcome.GONE;
            case 409 -> Outcome.CONFLICT;
            default -> throw new KubernetesClientException("finalize namespace " + name + ": HTTP " + response.code()
                    + ": " + response.body(), response.code(), null);
        };
    }
}
