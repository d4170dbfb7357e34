package skiff.apiserver;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;

/**
 * Deletes each Event a time-to-live after its last write, through the store's ordinary delete, so that watchers see it
 * go. k/k kube-apiserver --event-ttl (1h by default) attaches an etcd lease of that length to every write of an
 * Event (pkg/registry/core/event/storage, 1.32); Skiff keeps the deadlines in memory instead, from a watch of the
 * Events' keys. Events found at start, whose last write time is not stored, get a full time-to-live from then.
 */
final class EventExpiry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventExpiry.class);

    /** When a key expires, unless it is written again: the revision it had then, and the deadline. */
    private record Deadline(long modRevision, long expiresAtNanos) {}

    private final KeyValueStore store;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Deadline> deadlines = new ConcurrentHashMap<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-event-expiry").factory());

    /**
     * Starts tracking the keys under {@code prefixes}.
     *
     * @param sweepInterval how often expired keys are looked for
     */
    EventExpiry(KeyValueStore store, List<String> prefixes, Duration ttl, Clock clock, Duration sweepInterval) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
        long revision = store.currentRevision();
        for (String prefix : prefixes) {
            store.range(prefix, null, 0, revision).items().forEach(this::written);
            watches.add(store.watch(prefix, revision, new WatchListener() {
                @Override
                public void onEvents(List<WatchEvent> events) {
                    events.forEach(EventExpiry.this::changed);
                }
            }));
        }
        long nanos = sweepInterval.toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void changed(WatchEvent event) {
        if (event.type() == WatchEvent.Type.PUT) {
            written(event.kv());
        } else {
            deadlines.remove(event.kv().key());
        }
    }

    private void written(KeyValue kv) {
        deadlines.put(kv.key(), new Deadline(kv.modRevision(), clock.nanoTime() + ttl.toNanos()));
    }

    /** Deletes every key whose deadline has passed and that was not written since. */
    void sweep() {
        long now = clock.nanoTime();
        deadlines.forEach((key, deadline) -> {
            if (now - deadline.expiresAtNanos() >= 0) {
                try {
                    // Only the write the deadline belongs to: a newer write has a deadline of its own.
                    store.delete(key, deadline.modRevision());
                    deadlines.remove(key, deadline);
                } catch (StoreException e) {
                    LOG.warn("cannot delete the expired event {}: {}", key, e.getMessage());
                }
            }
        });
    }

    /** Stops, after a sweep in progress ends. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            sweeper.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watches.forEach(Watch::close);
    }
}
