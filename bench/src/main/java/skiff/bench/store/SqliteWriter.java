package skiff.bench.store;

import java.nio.file.Path;
import skiff.store.WriteResult;
import skiff.store.sqlite.SqliteKeyValueStore;

/** Skiff's embedded store, opened in this JVM: create() returns after the group commit's fsync. */
public final class SqliteWriter implements DurableWriter {
    private final SqliteKeyValueStore store;

    public SqliteWriter(Path dbFile) {
        this.store = SqliteKeyValueStore.open(dbFile);
    }

    @Override
    public boolean createIfAbsent(String key, byte[] value) {
        return store.create(key, value) instanceof WriteResult.Committed;
    }

    /** Transactions committed so far: writes per commit shows how much group commit batched. */
    public long commitCount() {
        return store.commitCount();
    }

    @Override
    public void close() {
        store.close();
    }
}
