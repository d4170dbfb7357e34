package skiff.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds repeats of one event into one Event object (client-go tools/record events_cache.go eventLogger): an
 * occurrence with the same source, involved object, type, reason and message as one seen within the window raises
 * that Event's count instead of creating another. Remembers the most recently seen events only.
 */
public final class EventCorrelator {
    // client-go tools/record events_cache.go: the correlator's cache holds 4096 entries, and the aggregator treats
    // occurrences more than 10 minutes apart as unrelated.
    static final int CACHE_SIZE = 4096;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Map<Key, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** What makes two occurrences the same event. */
    record Key(String component, String host, String apiVersion, String kind, String namespace, String name,
            String uid, String fieldPath, String type, String reason, String message) {

        static Key of(Event e) {
            ObjectReference o = e.getInvolvedObject();
            return new Key(e.getSource().getComponent(), e.getSource().getHost(), o.getApiVersion(), o.getKind(),
                    o.getNamespace(), o.getName(), o.getUid(), o.getFieldPath(), e.getType(), e.getReason(),
                    e.getMessage());
        }
    }

    private record Seen(String namespace, String name, int count, String firstTimestamp, Instant last) {}

    /**
     * Decides how to record {@code occurrence} (a fresh Event with count 1, stamped {@code now}) and remembers it.
     */
    public synchronized EventAction correlate(Event occurrence, Instant now) {
        Key key = Key.of(occurrence);
        Seen previous = seen.get(key);
        if (previous == null || Duration.between(previous.last(), now).compareTo(WINDOW) > 0) {
            seen.put(key, new Seen(occurrence.getMetadata().getNamespace(), occurrence.getMetadata().getName(), 1,
                    occurrence.getFirstTimestamp(), now));
            return new EventAction.Create(occurrence);
        }
        int count = previous.count() + 1;
        seen.put(key, new Seen(previous.namespace(), previous.name(), count, previous.firstTimestamp(), now));
        Event updated = new EventBuilder(occurrence)
                .editMetadata().withNamespace(previous.namespace()).withName(previous.name()).endMetadata()
                .withCount(count)
                .withFirstTimestamp(previous.firstTimestamp())
                .build();
        return new EventAction.Update(updated);
    }
}
