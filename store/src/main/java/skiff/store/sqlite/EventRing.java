package skiff.store.sqlite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import skiff.store.WatchEvent;

/**
 * The most recent events, one per revision with no hole, bounded by count and value bytes. A watch that starts at
 * or after {@link #coversAfter()} takes its backlog from here instead of from SQL. Guarded by the watch hub's lock.
 */
final class EventRing {
    private final ArrayDeque<WatchEvent> events = new ArrayDeque<>();
    private final int maxEvents;
    private final long maxBytes;
    private long bytes;
    private long coversAfter;

    /** An empty ring for a log whose newest revision is {@code revision}. */
    EventRing(long revision, int maxEvents, long maxBytes) {
        this.coversAfter = revision;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Every event with a revision above this one is in the ring. */
    long coversAfter() {
        return coversAfter;
    }

    void append(List<WatchEvent> committed) {
        for (WatchEvent event : committed) {
            events.addLast(event);
            bytes += sizeOf(event);
        }
        while (!events.isEmpty() && (events.size() > maxEvents || bytes > maxBytes)) {
            WatchEvent evicted = events.removeFirst();
            bytes -= sizeOf(evicted);
            coversAfter = evicted.revision();
        }
    }

    /** Events above {@code afterRevision} for keys starting with {@code prefix}, oldest first. */
    List<WatchEvent> after(long afterRevision, String prefix) {
        List<WatchEvent> newestFirst = new ArrayList<>();
        for (Iterator<WatchEvent> it = events.descendingIterator(); it.hasNext(); ) {
            WatchEvent event = it.next();
            if (event.revision() <= afterRevision) {
                break;
            }
            if (event.kv().key().startsWith(prefix)) {
                newestFirst.add(event);
            }
        }
        return newestFirst.reversed();
    }

    static long sizeOf(WatchEvent event) {
        return event.kv().value().length + (event.prevKv() == null ? 0 : event.prevKv().value().length);
    }
}
