package skiff.store.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RangeResult;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;
import skiff.store.WriteResult;

/**
 * A store that keeps everything in memory and forgets it on exit: the reference model that the durable backends
 * are checked against, and a backend for throw-away servers. One lock orders every write and every delivery.
 */
public final class MemoryKeyValueStore implements KeyValueStore {
    private final ReentrantLock lock = new ReentrantLock();
    private final NavigableMap<String, KeyValue> current = new TreeMap<>();
    private final List<WatchEvent> history = new ArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private long revision;
    private long compactRevision;
    private boolean closed;

    @Override
    public long currentRevision() {
        return locked(() -> {
            checkOpen();
            return revision;
        });
    }

    @Override
    public long compactRevision() {
        return locked(() -> {
            checkOpen();
            return compactRevision;
        });
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return locked(() -> {
            checkOpen();
            return Optional.ofNullable(current.get(key));
        });
    }

    @Override
    public RangeResult range(String prefix, String startAfter, int limit, long atRevision) {
        return locked(() -> {
            checkOpen();
            if (atRevision != 0 && atRevision < compactRevision) {
                throw new CompactedException(atRevision, compactRevision);
            }
            NavigableMap<String, KeyValue> state = atRevision == 0 || atRevision >= revision ? current : stateAt(atRevision);
            // A startAfter that sorts before the prefix skips nothing: reading starts at the prefix.
            boolean afterKey = startAfter != null && startAfter.compareTo(prefix) >= 0;
            List<KeyValue> items = new ArrayList<>();
            boolean more = false;
            for (Map.Entry<String, KeyValue> e : state.tailMap(afterKey ? startAfter : prefix, !afterKey).entrySet()) {
                if (!e.getKey().startsWith(prefix)) {
                    break;
                }
                if (limit > 0 && items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(e.getValue());
            }
            return new RangeResult(List.copyOf(items), atRevision == 0 ? revision : Math.min(atRevision, revision), more);
        });
    }

    private NavigableMap<String, KeyValue> stateAt(long atRevision) {
        NavigableMap<String, KeyValue> state = new TreeMap<>(current);
        for (int i = history.size() - 1; i >= 0 && history.get(i).revision() > atRevision; i--) {
            WatchEvent e = history.get(i);
            if (e.type() == WatchEvent.Type.DELETE) {
                state.put(e.kv().key(), e.kv());
            } else if (e.prevKv() == null) {
                state.remove(e.kv().key());
            } else {
                state.put(e.kv().key(), e.prevKv());
            }
        }
        return state;
    }

    @Override
    public long count(String prefix) {
        return locked(() -> {
            checkOpen();
            return current.tailMap(prefix, true).keySet().stream().takeWhile(k -> k.startsWith(prefix)).count();
        });
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        checkKey(key);
        return locked(() -> {
            checkOpen();
            KeyValue existing = current.get(key);
            if (existing != null) {
                return new WriteResult.RevisionMismatch(Optional.of(existing));
            }
            long rev = ++revision;
            KeyValue kv = new KeyValue(key, value.clone(), rev, rev);
            current.put(key, kv);
            publish(new WatchEvent(WatchEvent.Type.PUT, kv, null, rev));
            return new WriteResult.Committed(rev, kv);
        });
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        checkKey(key);
        return locked(() -> {
            checkOpen();
            KeyValue existing = current.get(key);
            if (existing == null || existing.modRevision() != expectedModRevision) {
                return new WriteResult.RevisionMismatch(Optional.ofNullable(existing));
            }
            long rev = ++revision;
            KeyValue kv = new KeyValue(key, value.clone(), existing.createRevision(), rev);
            current.put(key, kv);
            publish(new WatchEvent(WatchEvent.Type.PUT, kv, existing, rev));
            return new WriteResult.Committed(rev, kv);
        });
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        checkKey(key);
        return locked(() -> {
            checkOpen();
            KeyValue existing = current.get(key);
            if (existing == null || (expectedModRevision != 0 && existing.modRevision() != expectedModRevision)) {
                return new WriteResult.RevisionMismatch(Optional.ofNullable(existing));
            }
            long rev = ++revision;
            current.remove(key);
            publish(new WatchEvent(WatchEvent.Type.DELETE, existing, null, rev));
            return new WriteResult.Committed(rev, existing);
        });
    }

    private void publish(WatchEvent event) {
        history.add(event);
        for (Subscription s : subscriptions) {
            if (event.kv().key().startsWith(s.prefix)) {
                s.listener.onEvents(List.of(event));
            }
        }
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return locked(() -> {
            checkOpen();
            if (afterRevision < compactRevision) {
                throw new CompactedException(afterRevision, compactRevision);
            }
            List<WatchEvent> backlog = history.stream()
                    .filter(e -> e.revision() > afterRevision && e.kv().key().startsWith(prefix))
                    .toList();
            if (!backlog.isEmpty()) {
                listener.onEvents(backlog);
            }
            Subscription s = new Subscription(prefix, listener);
            subscriptions.add(s);
            return () -> subscriptions.remove(s);
        });
    }

    @Override
    public void compact(long atRevision) {
        locked(() -> {
            checkOpen();
            if (atRevision > compactRevision) {
                long target = Math.min(atRevision, revision);
                history.removeIf(e -> e.revision() <= target);
                compactRevision = target;
            }
            return null;
        });
    }

    @Override
    public void close() {
        locked(() -> {
            closed = true;
            for (Subscription s : subscriptions) {
                s.listener.onClose(null);
            }
            subscriptions.clear();
            return null;
        });
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store is closed");
        }
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private record Subscription(String prefix, WatchListener listener) {}
}
