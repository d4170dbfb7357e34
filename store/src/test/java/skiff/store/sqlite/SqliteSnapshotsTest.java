package skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.store.KeyValue;
import skiff.store.StoreException;
import skiff.store.WriteResult;

/** Snapshots of a live store are the store at one revision; restored, they serve the same keys at the same revisions. */
class SqliteSnapshotsTest {
    @TempDir
    Path directory;

    @Test
    void aSnapshotTakenWhileWritesGoOnIsTheStoreAtOneRevisionAndRestoresToIt() throws Exception {
        Path db = directory.resolve("live/state.db");
        Files.createDirectories(db.getParent());
        Path snapshotFile = directory.resolve("backup.db");
        SqliteSnapshots.Snapshot snapshot;
        List<KeyValue> atSnapshot;
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            for (int i = 0; i < 200; i++) {
                store.create("/registry/configmaps/default/seed-" + i, value(i));
            }
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String key = "/registry/configmaps/default/busy-" + (i % 50);
                    KeyValue current = store.get(key).orElse(null);
                    if (current == null) {
                        store.create(key, value(i));
                    } else if (i % 7 == 0) {
                        store.delete(key, current.modRevision());
                    } else {
                        store.update(key, value(i), current.modRevision());
                    }
                    written.incrementAndGet();
                }
            });
            org.awaitility.Awaitility.await().until(() -> written.get() > 100);
            snapshot = SqliteSnapshots.save(db, snapshotFile);
            int writtenAtSnapshot = written.get();
            org.awaitility.Awaitility.await().until(() -> written.get() > writtenAtSnapshot + 100);
            stop.set(true);
            writer.join();

            assertThat(snapshot.revision()).isGreaterThan(200).isLessThan(store.currentRevision());
            atSnapshot = store.range("", null, 0, snapshot.revision()).items();
            assertThat(snapshot.keys()).isEqualTo(atSnapshot.size());
        }
        assertThat(snapshot.bytes()).isEqualTo(Files.size(snapshotFile));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshotFile))).isEqualTo("rw-------");

        Path restoredDb = directory.resolve("restored/db/state.db");
        SqliteSnapshots.Snapshot restored = SqliteSnapshots.restore(snapshotFile, restoredDb);

        assertThat(restored.revision()).isEqualTo(snapshot.revision());
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(restoredDb)) {
            assertThat(store.currentRevision()).isEqualTo(snapshot.revision());
            assertThat(store.range("", null, 0, 0).items()).isEqualTo(atSnapshot);
            WriteResult next = store.create("/registry/configmaps/default/after", value(0));
            assertThat(((WriteResult.Committed) next).revision()).isEqualTo(snapshot.revision() + 1);
        }
    }

    @Test
    void restoringOverAStoreReplacesItAndItsWriteAheadLogEntirely() {
        Path db = directory.resolve("state.db");
        Path snapshotFile = directory.resolve("backup.db");
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            store.create("/registry/a", value(1));
            SqliteSnapshots.save(db, snapshotFile);
            store.create("/registry/b", value(2));
            store.delete("/registry/a", 0);
        }

        SqliteSnapshots.restore(snapshotFile, db);

        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            assertThat(store.range("", null, 0, 0).items()).extracting(KeyValue::key).containsExactly("/registry/a");
            assertThat(store.currentRevision()).isEqualTo(1);
        }
    }

    @Test
    void restoreRefusesAStoreThatIsOpenAndLeavesItAsItWas() {
        Path db = directory.resolve("state.db");
        Path snapshotFile = directory.resolve("backup.db");
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            store.create("/registry/a", value(1));
            SqliteSnapshots.save(db, snapshotFile);
            store.create("/registry/b", value(2));

            assertThatThrownBy(() -> SqliteSnapshots.restore(snapshotFile, db)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another process");
            assertThat(store.range("", null, 0, 0).items()).hasSize(2);
        }
    }

    @Test
    void aStoreIsOpenedByOneOwnerAtATime() {
        Path db = directory.resolve("state.db");
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            assertThatThrownBy(() -> SqliteKeyValueStore.open(db)).isInstanceOf(StoreException.class)
                    .hasMessageContaining("is in use by another process");
        }
        SqliteKeyValueStore.open(db).close();
    }

    @Test
    void aFileThatIsNotASnapshotIsRefusedBeforeTheStoreIsTouched() throws IOException {
        Path db = directory.resolve("state.db");
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            store.create("/registry/a", value(1));
        }
        Path notASnapshot = Files.writeString(directory.resolve("notes.txt"), "not a database at all, just text");

        assertThatThrownBy(() -> SqliteSnapshots.restore(notASnapshot, db)).isInstanceOf(StoreException.class)
                .hasMessageContaining("is not a snapshot of Skiff's embedded store");
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            assertThat(store.get("/registry/a")).isPresent();
        }
        assertThat(directory.resolve("state.db.restore")).doesNotExist();
    }

    private static byte[] value(int i) {
        return ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }
}
