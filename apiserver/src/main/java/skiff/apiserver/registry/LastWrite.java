package skiff.apiserver.registry;

import java.util.concurrent.atomic.AtomicLong;
import skiff.store.WriteResult;

/**
 * The revision of the newest write this server committed to one resource, so that reads from the watch cache made
 * for admission see every object this server acknowledged before them without waiting for the cache to reach the
 * store's revision (which, under a burst of writes to other resources, keeps moving).
 */
final class LastWrite {
    private final AtomicLong revision = new AtomicLong();

    /** Notes a committed write's revision; answers {@code result} unchanged. */
    WriteResult noted(WriteResult result) {
        if (result instanceof WriteResult.Committed c) {
            revision.accumulateAndGet(c.revision(), Math::max);
        }
        return result;
    }

    long revision() {
        return revision.get();
    }
}
