package skiff.controllers.framework;

/**
 * One reconcile of one key, reading from informer caches and writing through the API. It must be idempotent: the
 * same key may be synced again at any time. An exception is treated as {@link SyncResult.Retry}.
 */
@FunctionalInterface
public interface SyncHandler<K> {
    SyncResult sync(K key);
}
