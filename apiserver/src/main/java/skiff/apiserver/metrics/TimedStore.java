package skiff.apiserver.metrics;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import skiff.api.time.Clock;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RangeResult;
import skiff.store.Watch;
import skiff.store.WatchListener;
import skiff.store.WriteResult;

/**
 * A store whose reads and writes are timed into {@link ApiServerMetrics#storeRequest}, labelled with the operation
 * and the resource of the key, as k/k's etcd3 store records {@code etcd_request_duration_seconds} (apiserver
 * pkg/storage/etcd3/store.go, 1.32). Watches are not timed.
 */
public final class TimedStore implements KeyValueStore {
    private final KeyValueStore store;
    private final ApiServerMetrics metrics;
    private final Function<String, String> typeOfKey;
    private final Clock clock;

    /** {@code typeOfKey}: the resource ("pods", "deployments.apps") whose objects a key or key prefix holds. */
    public TimedStore(KeyValueStore store, ApiServerMetrics metrics, Function<String, String> typeOfKey, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.typeOfKey = typeOfKey;
        this.clock = clock;
    }

    private <T> T timed(String operation, String key, Supplier<T> call) {
        long started = clock.nanoTime();
        try {
            return call.get();
        } finally {
            metrics.storeRequest(operation, typeOfKey.apply(key), clock.nanoTime() - started);
        }
    }

    @Override
    public long currentRevision() {
        return store.currentRevision();
    }

    @Override
    public long compactRevision() {
        return store.compactRevision();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return timed("get", key, () -> store.get(key));
    }

    @Override
    public RangeResult range(String prefix, String startAfter, int limit, long revision) {
        return timed("list", prefix, () -> store.range(prefix, startAfter, limit, revision));
    }

    @Override
    public long count(String prefix) {
        return timed("count", prefix, () -> store.count(prefix));
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        return timed("create", key, () -> store.create(key, value));
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        return timed("update", key, () -> store.update(key, value, expectedModRevision));
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        return timed("delete", key, () -> store.delete(key, expectedModRevision));
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        return store.watch(prefix, afterRevision, listener);
    }

    @Override
    public void compact(long revision) {
        store.compact(revision);
    }

    @Override
    public void close() {
        store.close();
    }
}
