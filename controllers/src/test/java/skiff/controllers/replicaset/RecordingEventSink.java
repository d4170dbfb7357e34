package skiff.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import skiff.client.events.EventSink;

/** Keeps every Event created, as "Reason: message". */
final class RecordingEventSink implements EventSink {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void create(Event event) {
        events.add(event.getReason() + ": " + event.getMessage());
    }

    @Override
    public boolean update(String namespace, String name, int count, String lastTimestamp) {
        return true;
    }
}
