package skiff.apiserver.cache;

import tools.jackson.databind.node.ObjectNode;

/**
 * A secondary view of the cached objects under one key prefix, kept up to date by the {@link WatchCache} under its
 * write lock, in revision order (as k/k client-go cache.Indexer indexes an informer's store). Readers may read it
 * concurrently, so it must be safe for that.
 */
public interface CacheIndex {
    String prefix();

    /** {@code object} is now stored at {@code key}. */
    void put(String key, ObjectNode object);

    /** Nothing is stored at {@code key} any more. */
    void remove(String key);
}
