package skiff.controllers.framework;

import io.fabric8.kubernetes.client.KubernetesClient;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;

/**
 * What every controller of one manager shares: the API client, the informers and the clock.
 *
 * @param client a fabric8 client of the API server; controllers reach the cluster through it only
 */
public record ControllerContext(KubernetesClient client, SharedInformers informers, Clock clock) {

    /** A controller named {@code name} that runs on this manager's clock; the caller adds queue, informers, handler. */
    public <K> Controller.Builder<K> controller(String name) {
        return Controller.<K>builder(name).clock(clock);
    }

    /** An event recorder that reports as {@code component} (the Event's source.component). */
    public EventRecorder eventRecorder(String component) {
        return EventRecorder.forApi(client, clock, component);
    }
}
