package skiff.store;

/** A running watch; closing it stops delivery. */
public interface Watch extends AutoCloseable {
    /**
     * Asks for a {@link WatchListener#onProgress} once every write committed so far has been delivered. Stores
     * whose revision moves only with writes its watchers see (one process owns the store) need not answer.
     */
    default void requestProgress() {}

    @Override
    void close();
}
