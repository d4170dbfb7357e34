package skiff.store.sqlite;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.store.CompactedException;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;

/**
 * One watch and the virtual thread that feeds its listener. The thread first replays history from SQL up to
 * {@code replayUpTo} (when the watch starts further back than the in-memory ring reaches), then delivers what the
 * hub queued: the ring's backlog, then live batches. The writer only appends to the queue, so a slow listener
 * delays nobody but itself; a listener that falls too far behind has its watch closed with a cause.
 */
final class Watcher implements Watch {
    private static final Logger log = LoggerFactory.getLogger(Watcher.class);

    private enum State { OPEN, CLOSED, STORE_CLOSED, FAILED }

    private final String prefix;
    private final WatchListener listener;
    private final long replayUpTo;
    private final SqliteLogReader reader;
    private final StoreRevisions revisions;
    private final SqliteStoreLimits limits;
    private final Consumer<Watcher> onEnd;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<List<WatchEvent>> pending = new ArrayDeque<>();
    private long pendingEvents;
    private long pendingBytes;
    private State state = State.OPEN;
    private Throwable failure;
    private volatile Thread thread;
    /** The revision of the last event given to the listener (or the watch's start); watcher thread only. */
    private long delivered;

    Watcher(String prefix, long afterRevision, long replayUpTo, WatchListener listener, SqliteLogReader reader,
            StoreRevisions revisions, SqliteStoreLimits limits, Consumer<Watcher> onEnd) {
        this.prefix = prefix;
        this.delivered = afterRevision;
        this.replayUpTo = replayUpTo;
        this.listener = listener;
        this.reader = reader;
        this.revisions = revisions;
        this.limits = limits;
        this.onEnd = onEnd;
    }

    /** Queues the backlog from the ring and starts delivering. Called by the hub under its lock. */
    void start(List<WatchEvent> backlog) {
        offer(backlog);
        thread = Thread.ofVirtual().name("skiff-watch " + prefix).start(this::run);
    }

    /** Queues the events of one committed batch that match the prefix. Called by the hub under its lock. */
    void offer(List<WatchEvent> batch) {
        List<WatchEvent> matching = matching(batch);
        if (matching.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            pending.addLast(matching);
            pendingEvents += matching.size();
            for (WatchEvent event : matching) {
                pendingBytes += EventRing.sizeOf(event);
            }
            if (pendingEvents > limits.watcherEvents() || pendingBytes > limits.watcherBytes()) {
                end(State.FAILED, new StoreException("watch on '" + prefix + "' fell behind by " + pendingEvents
                        + " events (" + pendingBytes + " bytes)"));
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Stops delivery; the listener gets no onClose. A delivery already running may finish. */
    @Override
    public void close() {
        lock.lock();
        try {
            end(State.CLOSED, null);
        } finally {
            lock.unlock();
        }
    }

    /** The store is closing: deliver what is queued, then call onClose(null). */
    void closeForStore() {
        lock.lock();
        try {
            if (state == State.OPEN) {
                state = State.STORE_CLOSED;
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the delivery thread to end; true at once when called from a listener of this watch. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return thread == Thread.currentThread() || thread.join(timeout);
    }

    private void end(State reason, Throwable cause) {
        if (state == State.OPEN || (state == State.STORE_CLOSED && reason != State.STORE_CLOSED)) {
            state = reason;
            failure = cause;
            pending.clear();
            pendingEvents = 0;
            pendingBytes = 0;
            changed.signal();
        }
    }

    private List<WatchEvent> matching(List<WatchEvent> batch) {
        int matches = 0;
        for (WatchEvent event : batch) {
            if (event.kv().key().startsWith(prefix)) {
                matches++;
            }
        }
        if (matches == batch.size()) {
            return batch;
        }
        List<WatchEvent> matching = new ArrayList<>(matches);
        for (WatchEvent event : batch) {
            if (event.kv().key().startsWith(prefix)) {
                matching.add(event);
            }
        }
        return matching;
    }

    private void run() {
        Throwable cause = null;
        boolean notify = true;
        try {
            if (replay()) {
                List<WatchEvent> events;
                while ((events = nextEvents()) != null) {
                    deliver(events);
                }
            }
            lock.lock();
            try {
                notify = state != State.CLOSED;
                cause = state == State.FAILED ? failure : null;
            } finally {
                lock.unlock();
            }
        } catch (CompactedException e) {
            cause = e;
        } catch (InterruptedException e) {
            cause = new StoreException("watch delivery interrupted", e);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                notify = state != State.CLOSED;
                cause = state == State.STORE_CLOSED ? null : e;
            } finally {
                lock.unlock();
            }
        } finally {
            onEnd.accept(this);
        }
        if (notify) {
            if (cause != null) {
                log.debug("watch closed prefix={} rev={}", prefix, delivered, cause);
            }
            try {
                listener.onClose(cause);
            } catch (RuntimeException e) {
                log.warn("watch listener failed in onClose prefix={}", prefix, e);
            }
        }
    }

    // A replay reads rows the writer committed before the watch registered. Compaction never deletes rows above
    // the compact revision, so if that revision is still at or below where a page started, the page is complete.
    private boolean replay() {
        while (delivered < replayUpTo) {
            if (!isOpen()) {
                return false;
            }
            long from = delivered;
            EventPage page = reader.eventsAfter(prefix, from, replayUpTo, limits.watchPageRows());
            long compacted = revisions.compacted();
            if (compacted > from) {
                throw new CompactedException(from, compacted);
            }
            deliver(page.events());
            delivered = Math.max(delivered, page.readUpTo());
        }
        return true;
    }

    /** The next queued events, or null when delivery is over. */
    private List<WatchEvent> nextEvents() throws InterruptedException {
        lock.lock();
        try {
            while (pending.isEmpty() && state == State.OPEN) {
                changed.await();
            }
            if (pending.isEmpty()) {
                return null;
            }
            List<WatchEvent> events;
            if (pending.size() == 1) {
                events = pending.removeFirst();
            } else {
                events = new ArrayList<>(Math.toIntExact(pendingEvents));
                pending.forEach(events::addAll);
                pending.clear();
            }
            pendingEvents = 0;
            pendingBytes = 0;
            return events;
        } finally {
            lock.unlock();
        }
    }

    private void deliver(List<WatchEvent> events) {
        List<WatchEvent> fresh = events;
        if (!events.isEmpty() && events.getFirst().revision() <= delivered) {
            fresh = events.stream().filter(e -> e.revision() > delivered).toList();
        }
        if (fresh.isEmpty()) {
            return;
        }
        listener.onEvents(Collections.unmodifiableList(fresh));
        delivered = fresh.getLast().revision();
    }

    private boolean isOpen() {
        lock.lock();
        try {
            return state == State.OPEN;
        } finally {
            lock.unlock();
        }
    }
}
