package skiff.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RangeResult;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchListener;
import skiff.store.WriteResult;

/**
 * The durable embedded store: a log-structured table in one SQLite file, kine's design with a single in-process
 * writer. See the package documentation for the layout. Open one instance per file; it is thread safe.
 */
public final class SqliteKeyValueStore implements KeyValueStore {
    private final StoreRevisions revisions;
    private final KeyIndex index;
    private final SqliteLogReader reader;
    private final WatchHub hub;
    private final GroupCommitWriter writer;
    private final WriterConnection writerConnection;
    private final StoreLock lock;
    private AutoCompactor autoCompactor;
    private volatile boolean closed;

    private SqliteKeyValueStore(StoreLock lock, WriterConnection writerConnection, StoredState state,
            SqliteLogReader reader, SqliteStoreLimits limits) {
        this.lock = lock;
        this.writerConnection = writerConnection;
        this.revisions = new StoreRevisions(state.revision(), state.compactRevision());
        this.index = new KeyIndex(state.liveKeys());
        this.reader = reader;
        this.hub = new WatchHub(revisions, reader, limits);
        this.writer = new GroupCommitWriter(writerConnection, index, hub, revisions, limits);
    }

    /**
     * Opens the store in {@code dbFile}, creating the file if it does not exist; its files are private (0600). The
     * file is this store's alone until it closes ({@code FILE.lock}).
     *
     * @throws StoreException when another process, or another open store, has the file
     */
    public static SqliteKeyValueStore open(Path dbFile) {
        return open(dbFile, SqliteStoreLimits.defaults());
    }

    static SqliteKeyValueStore open(Path dbFile, SqliteStoreLimits limits) {
        StoreLock lock = StoreLock.acquire(dbFile);
        WriterConnection writerConnection;
        try {
            DatabaseFiles.makePrivate(dbFile);
            writerConnection = WriterConnection.open(dbFile);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            StoredState state = writerConnection.loadState();
            SqliteLogReader reader = new SqliteLogReader(new ReadConnectionPool(dbFile, limits.readConnections()));
            SqliteKeyValueStore store = new SqliteKeyValueStore(lock, writerConnection, state, reader, limits);
            store.writer.start();
            return store;
        } catch (RuntimeException e) {
            writerConnection.close();
            lock.close();
            throw e;
        }
    }

    /**
     * Compacts every {@code interval}, keeping the newest {@code retainRevisions} revisions; replaces an automatic
     * compaction started before. It stops when the store closes.
     */
    public synchronized void startAutoCompaction(Duration interval, long retainRevisions) {
        checkOpen();
        if (autoCompactor != null) {
            autoCompactor.close();
        }
        autoCompactor = new AutoCompactor(this, interval, retainRevisions);
    }

    /** How many transactions the store has committed since it opened: one per batch of writes or compaction. */
    public long commitCount() {
        return writer.commitCount();
    }

    @Override
    public long currentRevision() {
        checkOpen();
        return revisions.current();
    }

    @Override
    public long compactRevision() {
        checkOpen();
        return revisions.compacted();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        checkOpen();
        return reader.latest(Objects.requireNonNull(key, "key"));
    }

    // A read at revision R is complete only if compaction has not passed R; the compact revision is raised before
    // rows are deleted, so checking it after the query is enough. A read of "now" retries at the newer revision.
    @Override
    public RangeResult range(String prefix, String startAfter, int limit, long atRevision) {
        checkOpen();
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        KeySpan span = KeySpan.prefixAfter(prefix, startAfter);
        while (true) {
            long compacted = revisions.compacted();
            if (atRevision != 0 && atRevision < compacted) {
                throw new CompactedException(atRevision, compacted);
            }
            long current = revisions.current();
            long readAt = atRevision == 0 ? current : Math.min(atRevision, current);
            List<KeyValue> items = reader.range(span, readAt, limit == 0 ? 0 : limit + 1);
            if (revisions.compacted() <= readAt) {
                boolean more = limit > 0 && items.size() > limit;
                return new RangeResult(List.copyOf(more ? items.subList(0, limit) : items), readAt, more);
            }
            if (atRevision != 0) {
                throw new CompactedException(atRevision, revisions.compacted());
            }
        }
    }

    @Override
    public long count(String prefix) {
        checkOpen();
        return index.count(Objects.requireNonNull(prefix, "prefix"));
    }

    @Override
    public WriteResult create(String key, byte[] value) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        submit(new PendingWrite.Create(checkKey(key), value.clone(), done));
        return await(done);
    }

    @Override
    public WriteResult update(String key, byte[] value, long expectedModRevision) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        submit(new PendingWrite.Update(checkKey(key), value.clone(), expectedModRevision, done));
        return await(done);
    }

    @Override
    public WriteResult delete(String key, long expectedModRevision) {
        CompletableFuture<WriteResult> done = new CompletableFuture<>();
        submit(new PendingWrite.Delete(checkKey(key), expectedModRevision, done));
        return await(done);
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        checkOpen();
        return hub.register(Objects.requireNonNull(prefix, "prefix"), afterRevision,
                Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void compact(long revision) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        submit(new PendingWrite.Compact(revision, done));
        await(done);
    }

    /** Finishes accepted writes, ends every watch with onClose(null), and closes the database. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (autoCompactor != null) {
                autoCompactor.close();
            }
        }
        writer.close();
        hub.close();
        reader.close();
        writerConnection.close();
        lock.close();
    }

    private void submit(PendingWrite request) {
        checkOpen();
        writer.submit(request);
    }

    private static <T> T await(CompletableFuture<T> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StoreException fault) {
                throw fault;
            }
            throw new StoreException("write failed", e.getCause());
        }
    }

    private static String checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        return key;
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store is closed");
        }
    }
}
