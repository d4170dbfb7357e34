package skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.store.WriteResult;

/** The database and its write-ahead log hold every value, Secrets included: only their owner may read them. */
class SqliteFilePermissionsTest {
    @TempDir
    Path directory;

    @Test
    void aNewDatabaseItsLogAndSharedMemoryAreReadableByTheirOwnerOnly() throws IOException {
        Path db = directory.resolve("state.db");
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            assertThat(store.create("/secrets/default/s", "hunter2".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(WriteResult.Committed.class);

            assertThat(permissions(db)).isEqualTo("rw-------");
            assertThat(permissions(directory.resolve("state.db-wal"))).isEqualTo("rw-------");
            assertThat(permissions(directory.resolve("state.db-shm"))).isEqualTo("rw-------");
        }
    }

    @Test
    void theFilesOfAnExistingDatabaseAreTightenedWhenItOpens() throws IOException {
        Path db = directory.resolve("state.db");
        SqliteKeyValueStore.open(db).close();
        Path wal = Files.writeString(directory.resolve("state.db-wal"), "");
        for (Path file : new Path[] {db, wal}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(db)) {
            assertThat(permissions(db)).isEqualTo("rw-------");
            assertThat(permissions(wal)).isEqualTo("rw-------");
        }
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
