package skiff.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps Events in memory and records every call; {@link #expire} makes one vanish as the API server's TTL would. */
final class FakeEventSink implements EventSink {
    /** One call the recorder made. */
    record Call(String verb, String namespace, String name, int count) {}

    final Map<String, Event> stored = new LinkedHashMap<>();
    final List<Call> calls = new ArrayList<>();

    @Override
    public void create(Event event) {
        String key = key(event.getMetadata().getNamespace(), event.getMetadata().getName());
        if (stored.containsKey(key)) {
            throw new IllegalStateException("already exists: " + key);
        }
        stored.put(key, event);
        calls.add(new Call("create", event.getMetadata().getNamespace(), event.getMetadata().getName(),
                event.getCount()));
    }

    @Override
    public boolean update(String namespace, String name, int count, String lastTimestamp) {
        calls.add(new Call("update", namespace, name, count));
        Event current = stored.get(key(namespace, name));
        if (current == null) {
            return false;
        }
        stored.put(key(namespace, name),
                new EventBuilder(current).withCount(count).withLastTimestamp(lastTimestamp).build());
        return true;
    }

    void expire(String namespace, String name) {
        stored.remove(key(namespace, name));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
