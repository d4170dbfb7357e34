package skiff.store.sqlite;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.store.KeyValueStore;
import skiff.store.StoreException;

/**
 * Compacts a store every {@code interval}, keeping the newest {@code retainRevisions} revisions readable.
 */
// k/k staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go runCompactLoop: every interval (5 minutes by
// default) the API server compacts to the revision it saw one interval earlier, so recent history stays for slow
// watchers. Skiff keeps a number of revisions instead of one interval's worth.
final class AutoCompactor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AutoCompactor.class);

    private final KeyValueStore store;
    private final long retainRevisions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("skiff-store-compactor").factory());

    AutoCompactor(KeyValueStore store, Duration interval, long retainRevisions) {
        if (interval.isZero() || interval.isNegative() || retainRevisions < 0) {
            throw new IllegalArgumentException("interval must be positive and retainRevisions not negative");
        }
        this.store = store;
        this.retainRevisions = retainRevisions;
        long nanos = interval.toNanos();
        scheduler.scheduleWithFixedDelay(this::compactOnce, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void compactOnce() {
        try {
            long target = store.currentRevision() - retainRevisions;
            if (target > store.compactRevision()) {
                store.compact(target);
                log.debug("auto-compacted rev={}", target);
            }
        } catch (StoreException e) {
            log.warn("automatic compaction failed", e);
        }
    }

    /** Stops compacting, after a compaction in progress ends. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("automatic compaction did not stop within 30s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
