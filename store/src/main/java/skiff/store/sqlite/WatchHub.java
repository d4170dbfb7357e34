package skiff.store.sqlite;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.store.CompactedException;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;

/**
 * Registers watches and fans committed batches out to them. One lock orders the two: the writer publishes a batch
 * (ring, current revision, every watcher's queue) under it, and a watch registers under it. So a new watch takes
 * its backlog up to exactly the revision where live batches begin for it: no event is missed or seen twice.
 */
final class WatchHub {
    private static final Logger log = LoggerFactory.getLogger(WatchHub.class);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final EventRing ring;
    private final List<Watcher> watchers = new ArrayList<>();
    private final StoreRevisions revisions;
    private final SqliteLogReader reader;
    private final SqliteStoreLimits limits;
    private boolean closed;

    WatchHub(StoreRevisions revisions, SqliteLogReader reader, SqliteStoreLimits limits) {
        this.revisions = revisions;
        this.reader = reader;
        this.limits = limits;
        this.ring = new EventRing(revisions.current(), limits.recentEvents(), limits.recentEventBytes());
    }

    /** Makes a committed batch visible: to the ring, to {@code currentRevision()}, and to every watch. */
    void publish(List<WatchEvent> events, long revision) {
        synchronized (lock) {
            ring.append(events);
            revisions.publishCurrent(revision);
            for (Watcher watcher : watchers) {
                watcher.offer(events);
            }
        }
    }

    // Events the ring no longer holds are replayed from SQL, up to where the ring starts; the ring supplies the
    // rest, and live batches follow.
    Watch register(String prefix, long afterRevision, WatchListener listener) {
        synchronized (lock) {
            if (closed) {
                throw new StoreException("store is closed");
            }
            long compacted = revisions.compacted();
            if (afterRevision < compacted) {
                throw new CompactedException(afterRevision, compacted);
            }
            long replayUpTo = Math.max(afterRevision, ring.coversAfter());
            Watcher watcher = new Watcher(prefix, afterRevision, replayUpTo, listener, reader, revisions, limits,
                    this::remove);
            watcher.start(ring.after(replayUpTo, prefix));
            watchers.add(watcher);
            return watcher;
        }
    }

    private void remove(Watcher watcher) {
        synchronized (lock) {
            watchers.remove(watcher);
        }
    }

    /** Tells every watch the store is closing and waits, a bounded time, for their listeners to finish. */
    void close() {
        List<Watcher> closing;
        synchronized (lock) {
            closed = true;
            closing = List.copyOf(watchers);
            watchers.clear();
        }
        closing.forEach(Watcher::closeForStore);
        for (Watcher watcher : closing) {
            try {
                if (!watcher.awaitEnd(CLOSE_WAIT)) {
                    log.warn("a watch listener did not finish within {}", CLOSE_WAIT);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
