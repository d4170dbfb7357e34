package skiff.apiserver.cache;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import skiff.apiserver.registry.StoredObjects;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client's watch on the cache: a bounded queue of events already translated for its selector. An object that
 * starts matching is ADDED, one that stops matching is DELETED (k/k storage/cacher/cache_watcher.go); the
 * selector reads the stored objects and the events carry the watcher's view of them. A watcher
 * that cannot keep up is terminated; its client re-watches from the last revision it saw.
 */
public final class CacheWatcher implements AutoCloseable {
    private static final CacheEvent END = new CacheEvent(CacheEvent.Type.DELETED, "", null, null, -1);

    private final WatchCache cache;
    private final String prefix;
    private final Predicate<ObjectNode> filter;
    private final UnaryOperator<ObjectNode> view;
    private final BlockingQueue<CacheEvent> queue;
    private volatile boolean terminated;
    private volatile StatusException failure;

    CacheWatcher(WatchCache cache, String prefix, Predicate<ObjectNode> filter, UnaryOperator<ObjectNode> view,
            int capacity) {
        this.cache = cache;
        this.prefix = prefix;
        this.filter = filter;
        this.view = view;
        this.queue = new ArrayBlockingQueue<>(Math.max(capacity, 16) + 1);
    }

    /** Called by the cache under its lock, in revision order. */
    void offer(CacheEvent event) {
        if (terminated || !event.key().startsWith(prefix)) {
            return;
        }
        CacheEvent translated;
        try {
            translated = translate(event);
        } catch (StatusException e) {
            failure = e;
            terminate();
            return;
        }
        if (translated != null && !queue.offer(translated)) {
            terminate();
        }
    }

    private CacheEvent translate(CacheEvent e) {
        boolean now = e.type() != CacheEvent.Type.DELETED && filter.test(e.object());
        boolean before = e.previous() != null && filter.test(e.previous());
        if (e.type() == CacheEvent.Type.DELETED) {
            return before ? e : null;
        }
        if (now && before) {
            return e;
        }
        if (now) {
            return new CacheEvent(CacheEvent.Type.ADDED, e.key(), e.object(), e.previous(), e.revision());
        }
        if (before) {
            // k/k storage/cacher/cache_watcher.go convertToWatchEvent: leaving the selector is a deletion of the
            // previous content, at the revision of the change.
            ObjectNode last = StoredObjects.withResourceVersion(e.previous().deepCopy(), e.revision());
            return new CacheEvent(CacheEvent.Type.DELETED, e.key(), last, e.previous(), e.revision());
        }
        return null;
    }

    /**
     * The next event, or null when none arrived within {@code timeout}.
     *
     * @throws WatcherTerminatedException when the watcher was terminated and its queue is drained
     * @throws StatusException when an object could not be shown as this watcher sees it (a failed conversion); the
     *     watcher is then over
     */
    public CacheEvent next(Duration timeout) throws InterruptedException {
        CacheEvent e = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (e == END || (e == null && terminated && queue.isEmpty())) {
            terminated = true;
            if (failure != null) {
                throw failure;
            }
            throw new WatcherTerminatedException();
        }
        if (e == null) {
            return null;
        }
        // The watcher's view (a conversion, which may call a webhook) is taken on the reader's thread, not under the
        // cache's lock.
        return new CacheEvent(e.type(), e.key(), view.apply(e.object()), e.previous(), e.revision());
    }

    public long cacheRevision() {
        return cache.revision();
    }

    void terminate() {
        terminated = true;
        cache.remove(this);
        queue.clear();
        queue.offer(END);
    }

    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public void close() {
        terminated = true;
        cache.remove(this);
    }
}
