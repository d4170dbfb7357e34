package skiff.apiserver.cache;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.apiserver.registry.StoredObjects;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RangeResult;
import skiff.store.Watch;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves gets, lists and watches from memory, fed by one watch on the whole registry, so that many readers and
 * watchers do not each reach the store (k/k staging/src/k8s.io/apiserver/pkg/storage/cacher). It keeps every
 * current object and a window of recent events, refilled from the store's history when it starts; a watch from a
 * revision older than the window is told 410 Expired.
 */
public final class WatchCache implements WatchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);
    private static final String ROOT = "/registry/";
    private static final Duration HISTORY_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How long a reader waits for events before asking the store for progress: etcd 3.4 answers a progress request
     * at once, ahead of events still on their way, so it is asked only once those have had time to arrive.
     */
    private static final Duration PROGRESS_AFTER = Duration.ofMillis(100);
    /** Likewise for the history replay, which etcd sends in rounds 100 ms apart: it must have gone quiet first. */
    private static final Duration HISTORY_IDLE = Duration.ofSeconds(1);

    private final KeyValueStore store;
    private final int eventCapacity;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Condition advanced = lock.writeLock().newCondition();
    private final NavigableMap<String, CachedObject> objects = new TreeMap<>();
    private final ArrayDeque<CacheEvent> recent = new ArrayDeque<>();
    private final List<CacheWatcher> watchers = new CopyOnWriteArrayList<>();
    private final List<CacheIndex> indexes = new CopyOnWriteArrayList<>();
    private volatile long revision;
    /**
     * The store said every write under the root up to here was delivered: beyond {@link #revision} when the latest
     * writes were to other keys (etcd's compactor key, another cluster's prefix).
     */
    private volatile long progress;
    /** Events with a revision above this one are all in {@link #recent}. */
    private long oldestAvailable;
    private Watch storeWatch;

    public WatchCache(KeyValueStore store, int eventCapacity) {
        this.store = store;
        this.eventCapacity = eventCapacity;
    }

    /** Loads the current state and starts following the store. */
    public void start() {
        lock.writeLock().lock();
        try {
            RangeResult all = store.range(ROOT, null, 0, 0);
            for (KeyValue kv : all.items()) {
                CachedObject cached = new CachedObject(kv.key(), StoredObjects.decode(kv), kv.modRevision());
                objects.put(kv.key(), cached);
                index(cached.key(), cached.object());
            }
            revision = all.revision();
            oldestAvailable = revision;
            loadHistory();
            storeWatch = store.watch(ROOT, revision, this);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // k/k's cacher starts with an empty window, so watches from before an API server restart expire. The store keeps
    // that history, so the window is refilled from it: a client resumes its watch across a restart, missing nothing.
    private void loadHistory() {
        long from = Math.max(store.compactRevision(), revision - eventCapacity);
        if (from >= revision) {
            return;
        }
        HistoryReplay replay = new HistoryReplay(revision);
        try (Watch history = store.watch(ROOT, from, replay)) {
            Optional<List<WatchEvent>> events =
                    replay.await(HISTORY_TIMEOUT, HISTORY_IDLE, history::requestProgress);
            if (events.isEmpty()) {
                LOG.warn("watch cache starts without history from={} to={}", from, revision);
                return;
            }
            events.get().forEach(e -> recent.addLast(toCacheEvent(e)));
            oldestAvailable = from;
        } catch (CompactedException e) {
            LOG.warn("watch cache starts without history: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long revision() {
        return revision;
    }

    /** Keeps {@code index} up to date from now on, starting with the objects cached now. */
    public void addIndex(CacheIndex index) {
        lock.writeLock().lock();
        try {
            for (Map.Entry<String, CachedObject> e : objects.tailMap(index.prefix(), true).entrySet()) {
                if (!e.getKey().startsWith(index.prefix())) {
                    break;
                }
                index.put(e.getKey(), e.getValue().object());
            }
            indexes.add(index);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // Called under the write lock; a null object removes the key.
    private void index(String key, ObjectNode object) {
        for (CacheIndex index : indexes) {
            if (key.startsWith(index.prefix())) {
                if (object == null) {
                    index.remove(key);
                } else {
                    index.put(key, object);
                }
            }
        }
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        lock.writeLock().lock();
        try {
            for (WatchEvent e : events) {
                if (e.revision() <= revision) {
                    continue;
                }
                CacheEvent event = toCacheEvent(e);
                if (event.type() == CacheEvent.Type.DELETED) {
                    objects.remove(event.key());
                    index(event.key(), null);
                } else {
                    objects.put(event.key(), new CachedObject(event.key(), event.object(), event.revision()));
                    index(event.key(), event.object());
                }
                recent.addLast(event);
                while (recent.size() > eventCapacity) {
                    oldestAvailable = recent.removeFirst().revision();
                }
                for (CacheWatcher w : watchers) {
                    w.offer(event);
                }
                revision = e.revision();
            }
            advanced.signalAll();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static CacheEvent toCacheEvent(WatchEvent e) {
        String key = e.kv().key();
        if (e.type() == WatchEvent.Type.DELETE) {
            ObjectNode last = StoredObjects.decode(e.kv().value(), e.revision());
            ObjectNode previous = StoredObjects.decode(e.kv());
            return new CacheEvent(CacheEvent.Type.DELETED, key, last, previous, e.revision());
        }
        ObjectNode object = StoredObjects.decode(e.kv());
        ObjectNode previous = e.prevKv() == null ? null : StoredObjects.decode(e.prevKv());
        return new CacheEvent(previous == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED, key, object,
                previous, e.revision());
    }

    @Override
    public void onProgress(long storeRevision) {
        lock.writeLock().lock();
        try {
            if (storeRevision > progress) {
                progress = storeRevision;
                advanced.signalAll();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        if (cause != null) {
            LOG.error("watch cache lost its store watch", cause);
        }
        for (CacheWatcher w : watchers) {
            w.terminate();
        }
    }

    /** Waits until the cache has seen every write up to {@code minRevision}. */
    public void waitFor(long minRevision, Duration timeout) throws InterruptedException {
        if (seen() >= minRevision) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        boolean progressAsked = false;
        lock.writeLock().lock();
        try {
            while (seen() < minRevision) {
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    throw new CacheTimeoutException(minRevision, revision);
                }
                long untilProgress = start + PROGRESS_AFTER.toNanos() - now;
                if (!progressAsked && untilProgress <= 0 && storeWatch != null) {
                    // The revision may have moved through writes to other keys, which no event will show.
                    storeWatch.requestProgress();
                    progressAsked = true;
                }
                advanced.await(progressAsked ? left : Math.min(left, untilProgress), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private long seen() {
        return Math.max(revision, progress);
    }

    public Optional<CachedObject> get(String key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(objects.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Objects whose key starts with {@code prefix} and follows {@code startAfter} (null: from the start). */
    public CacheSnapshot list(String prefix, String startAfter) {
        lock.readLock().lock();
        try {
            String from = startAfter == null ? prefix : startAfter;
            List<CachedObject> out = new ArrayList<>();
            for (Map.Entry<String, CachedObject> e : objects.tailMap(from, startAfter == null).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                out.add(e.getValue());
            }
            return new CacheSnapshot(out, revision);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Starts a watch on {@code prefix}. With {@code afterRevision} 0 the watcher first gets an ADDED event for
     * every current object; otherwise it gets every event after that revision.
     *
     * @throws CompactedException when the events after {@code afterRevision} are no longer held
     */
    public CacheWatcher watch(String prefix, long afterRevision, Predicate<ObjectNode> filter, int capacity) {
        return watch(prefix, afterRevision, filter, UnaryOperator.identity(), capacity);
    }

    /**
     * A watch as {@link #watch(String, long, Predicate, int)} whose events carry {@code view} of the stored objects
     * the filter selects (another API version's form of them).
     */
    public CacheWatcher watch(String prefix, long afterRevision, Predicate<ObjectNode> filter,
            UnaryOperator<ObjectNode> view, int capacity) {
        lock.writeLock().lock();
        try {
            List<CacheEvent> backlog = new ArrayList<>();
            if (afterRevision == 0) {
                for (Map.Entry<String, CachedObject> e : objects.tailMap(prefix, true).entrySet()) {
                    if (!e.getKey().startsWith(prefix)) {
                        break;
                    }
                    CachedObject o = e.getValue();
                    backlog.add(new CacheEvent(CacheEvent.Type.ADDED, o.key(), o.object(), null, o.revision()));
                }
            } else {
                if (afterRevision < oldestAvailable) {
                    throw new CompactedException(afterRevision, oldestAvailable);
                }
                for (CacheEvent e : recent) {
                    if (e.revision() > afterRevision && e.key().startsWith(prefix)) {
                        backlog.add(e);
                    }
                }
            }
            CacheWatcher watcher = new CacheWatcher(this, prefix, filter, view, capacity + backlog.size());
            backlog.forEach(watcher::offer);
            watchers.add(watcher);
            return watcher;
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(CacheWatcher watcher) {
        watchers.remove(watcher);
    }

    public int watcherCount() {
        return watchers.size();
    }

    @Override
    public void close() {
        if (storeWatch != null) {
            storeWatch.close();
        }
        for (CacheWatcher w : watchers) {
            w.terminate();
        }
    }
}
