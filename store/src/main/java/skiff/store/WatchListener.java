package skiff.store;

import java.util.List;

/**
 * Receives a watch's events in revision order, without gaps or duplicates, on a thread owned by the store. Each
 * call carries the events of one or more consecutive writes. Implementations must return quickly.
 */
public interface WatchListener {
    void onEvents(List<WatchEvent> events);

    /** The watch ended because of a fault or because the store closed; no more events follow. */
    default void onClose(Throwable cause) {}
}
