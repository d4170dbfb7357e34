package skiff.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits how many Events one source writes about one object: a token bucket per (source, object) holding at most
 * 25 tokens and refilled with one every 5 minutes; an occurrence that finds its bucket empty is dropped (client-go
 * tools/record events_cache.go EventSourceObjectSpamFilter, defaultSpamBurst and defaultSpamQPS). A controller
 * creating a thousand pods for one ReplicaSet thus writes 25 Events about it, not a thousand.
 */
final class EventSpamFilter {
    static final int BURST = 25;
    static final Duration REFILL = Duration.ofMinutes(5);

    private final Map<Key, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Bucket> eldest) {
            return size() > EventCorrelator.CACHE_SIZE;
        }
    };

    /** What makes two occurrences come from the same source about the same object (client-go getSpamKey). */
    private record Key(String component, String host, String kind, String namespace, String name, String uid,
            String apiVersion) {

        static Key of(Event e) {
            ObjectReference o = e.getInvolvedObject();
            return new Key(e.getSource().getComponent(), e.getSource().getHost(), o.getKind(), o.getNamespace(),
                    o.getName(), o.getUid(), o.getApiVersion());
        }
    }

    private record Bucket(double tokens, Instant last) {}

    /** Whether {@code occurrence} may be written at {@code now}; takes its token if so. */
    synchronized boolean allows(Event occurrence, Instant now) {
        Key key = Key.of(occurrence);
        Bucket bucket = buckets.get(key);
        double tokens = bucket == null ? BURST
                : Math.min(BURST, bucket.tokens() + (double) Duration.between(bucket.last(), now).toMillis()
                        / REFILL.toMillis());
        if (tokens < 1) {
            buckets.put(key, new Bucket(tokens, now));
            return false;
        }
        buckets.put(key, new Bucket(tokens - 1, now));
        return true;
    }
}
