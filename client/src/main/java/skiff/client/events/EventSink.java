package skiff.client.events;

import io.fabric8.kubernetes.api.model.Event;

/** Where an {@link EventRecorder} writes core/v1 Events: the API server, or a fake in tests. */
public interface EventSink {

    void create(Event event);

    /** Raises an existing Event's count and last time; false when that Event is gone, so nothing changed. */
    boolean update(String namespace, String name, int count, String lastTimestamp);
}
