package skiff.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import skiff.api.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** Writes Events through the API: POST to create, a strategic merge PATCH of count and lastTimestamp to update. */
public final class ApiEventSink implements EventSink {
    private final KubernetesClient client;

    public ApiEventSink(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void create(Event event) {
        client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    }

    @Override
    public boolean update(String namespace, String name, int count, String lastTimestamp) {
        ObjectNode patch = Json.object();
        patch.put("count", count);
        patch.put("lastTimestamp", lastTimestamp);
        try {
            // Addressed by an object naming the event, not withName: fabric8 would read the event first, which the
            // components' event rules (create, patch, update) do not allow.
            client.v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata().withName(name)
                    .withNamespace(namespace).endMetadata().build()).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Json.string(patch));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
