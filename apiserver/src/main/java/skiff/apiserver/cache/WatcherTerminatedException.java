package skiff.apiserver.cache;

/** The watcher was closed by the cache (it fell behind, or the server is stopping). */
public final class WatcherTerminatedException extends RuntimeException {
    public WatcherTerminatedException() {
        super("watcher terminated", null, false, false);
    }
}
