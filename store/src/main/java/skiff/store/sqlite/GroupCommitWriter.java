package skiff.store.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.store.StoreException;
import skiff.store.WriteResult;

/**
 * The single writer. Callers queue requests; one thread takes everything queued so far, checks each request in
 * order, writes the accepted ones in one transaction and commits once, so a crowd of writers shares one fsync.
 * Only after the commit does it update the key index, publish the events to watches and complete the callers'
 * futures, in that order: a caller that sees {@code Committed} can read its write and find it in every watch.
 */
final class GroupCommitWriter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final LinkedBlockingQueue<PendingWrite> queue = new LinkedBlockingQueue<>();
    private final WriterConnection db;
    private final KeyIndex index;
    private final WatchHub hub;
    private final StoreRevisions revisions;
    private final SqliteStoreLimits limits;
    private final AtomicLong commits = new AtomicLong();
    private final Thread thread;
    private boolean accepting = true;
    /** The newest committed revision; only the writer thread touches it after start. */
    private long revision;
    /** The compact revision on disk, which the published one may run ahead of while compaction runs. */
    private long storedCompactRevision;

    GroupCommitWriter(WriterConnection db, KeyIndex index, WatchHub hub, StoreRevisions revisions,
            SqliteStoreLimits limits) {
        this.db = db;
        this.index = index;
        this.hub = hub;
        this.revisions = revisions;
        this.limits = limits;
        this.revision = revisions.current();
        this.storedCompactRevision = revisions.compacted();
        this.thread = Thread.ofPlatform().daemon().name("skiff-store-writer").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Transactions committed so far (batches of writes and compactions). */
    long commitCount() {
        return commits.get();
    }

    void submit(PendingWrite request) {
        synchronized (this) {
            if (!accepting) {
                throw new StoreException("store is closed");
            }
            queue.add(request);
        }
    }

    /** Refuses new requests, lets the writer finish every accepted one, and waits for it to stop. */
    void close() {
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(new PendingWrite.Stop(new CompletableFuture<>()));
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean stopped = false;
        while (!stopped) {
            List<PendingWrite> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // Nobody but close() ends this thread, and it does so with a Stop request.
            }
            long bytes = batch.getFirst().bytes();
            PendingWrite next;
            while (batch.size() < limits.batchWrites() && bytes < limits.batchBytes() && (next = queue.poll()) != null) {
                batch.add(next);
                bytes += next.bytes();
            }
            try {
                stopped = process(batch);
            } catch (Throwable fault) {
                // Whatever broke, no caller may be left waiting.
                log.error("writer failed on a batch of {} requests", batch.size(), fault);
                StoreException failure = new StoreException("write failed", fault);
                batch.forEach(request -> request.done().completeExceptionally(failure));
                stopped = batch.stream().anyMatch(PendingWrite.Stop.class::isInstance);
            }
        }
    }

    /** Runs the requests in queue order; returns true when it reached the Stop request. */
    private boolean process(List<PendingWrite> batch) {
        List<PendingWrite> writes = new ArrayList<>();
        for (PendingWrite request : batch) {
            switch (request) {
                case PendingWrite.Compact compact -> {
                    commitWrites(writes);
                    writes.clear();
                    compact(compact);
                }
                case PendingWrite.Stop stop -> {
                    commitWrites(writes);
                    stop.done().complete(null);
                    return true;
                }
                default -> writes.add(request);
            }
        }
        commitWrites(writes);
        return false;
    }

    private void commitWrites(List<PendingWrite> requests) {
        if (requests.isEmpty()) {
            return;
        }
        WriteBatch batch = new WriteBatch(index, revision, db::valueAt);
        List<WriteResult> results = new ArrayList<>(requests.size());
        try {
            for (PendingWrite request : requests) {
                results.add(apply(batch, request));
            }
            if (batch.rows().isEmpty()) {
                db.rollbackQuietly();
            } else {
                db.commit(batch.rows());
                commits.incrementAndGet();
            }
        } catch (SQLException | RuntimeException e) {
            db.rollbackQuietly();
            log.warn("write batch failed writes={} rev={}", requests.size(), revision, e);
            StoreException fault = new StoreException("write failed", e);
            requests.forEach(request -> request.done().completeExceptionally(fault));
            return;
        }
        revision = batch.revision();
        index.apply(batch.rows());
        hub.publish(batch.events(), revision);
        log.debug("committed writes={} accepted={} rev={}", requests.size(), batch.rows().size(), revision);
        for (int i = 0; i < requests.size(); i++) {
            complete(requests.get(i), results.get(i));
        }
    }

    private static WriteResult apply(WriteBatch batch, PendingWrite request) {
        return switch (request) {
            case PendingWrite.Create c -> batch.create(c.key(), c.value());
            case PendingWrite.Update u -> batch.update(u.key(), u.value(), u.expectedModRevision());
            case PendingWrite.Delete d -> batch.delete(d.key(), d.expectedModRevision());
            default -> throw new IllegalStateException("not a key write: " + request);
        };
    }

    private static void complete(PendingWrite request, WriteResult result) {
        switch (request) {
            case PendingWrite.Create c -> c.done().complete(result);
            case PendingWrite.Update u -> u.done().complete(result);
            case PendingWrite.Delete d -> d.done().complete(result);
            default -> throw new IllegalStateException("not a key write: " + request);
        }
    }

    // The compact revision is published before rows go, so readers that check it after a query notice when the
    // query may have raced with the deletion. Compacting beyond the newest revision compacts up to it.
    private void compact(PendingWrite.Compact request) {
        long target = Math.min(request.revision(), revision);
        if (target <= revisions.compacted()) {
            request.done().complete(revisions.compacted());
            return;
        }
        revisions.publishCompacted(target);
        try {
            db.compact(storedCompactRevision, target);
            storedCompactRevision = target;
            commits.incrementAndGet();
            log.debug("compacted rev={}", target);
            request.done().complete(target);
        } catch (SQLException | RuntimeException e) {
            db.rollbackQuietly();
            revisions.publishCompacted(storedCompactRevision);
            log.warn("compaction failed rev={}", target, e);
            request.done().completeExceptionally(new StoreException("compaction failed", e));
        }
    }
}
