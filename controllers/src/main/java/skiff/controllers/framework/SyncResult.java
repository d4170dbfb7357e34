package skiff.controllers.framework;

import java.time.Duration;

/** What one sync of a key asks the worker to do next. */
public sealed interface SyncResult {

    /** Nothing left to do: the key's backoff is reset. */
    record Done() implements SyncResult {}

    /** Something failed; try the key again after its backoff. */
    record Retry(String reason) implements SyncResult {}

    /** Fine for now, but look again after {@code delay} (the key's backoff is reset). */
    record RequeueAfter(Duration delay) implements SyncResult {}

    static SyncResult done() {
        return new Done();
    }

    static SyncResult retry(String reason) {
        return new Retry(reason);
    }

    static SyncResult requeueAfter(Duration delay) {
        return new RequeueAfter(delay);
    }
}
