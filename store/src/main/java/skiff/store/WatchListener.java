package skiff.store;

import java.util.List;

/**
 * Receives a watch's events in revision order, without gaps or duplicates, on a thread owned by the store. Each
 * call carries the events of one or more consecutive writes. Implementations must return quickly.
 */
public interface WatchListener {
    void onEvents(List<WatchEvent> events);

    /**
     * Every write to the watched keys at or below {@code revision} has been delivered, though none is new: the
     * store's revision moved on through writes to other keys (etcd's progress notification).
     */
    default void onProgress(long revision) {}

    /** The watch ended because of a fault or because the store closed; no more events follow. */
    default void onClose(Throwable cause) {}
}
