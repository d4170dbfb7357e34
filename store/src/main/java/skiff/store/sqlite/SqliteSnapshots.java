package skiff.store.sqlite;

import static skiff.store.sqlite.SqliteStatements.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import skiff.store.StoreException;

/**
 * Snapshots of the embedded store, and restoring one. A snapshot is a SQLite database file of its own, the store's
 * log as it was at one revision; restored, the store continues from that revision, so every object keeps its
 * resourceVersion.
 */
public final class SqliteSnapshots {
    private static final List<String> COMPANION_SUFFIXES = List.of("-wal", "-shm", "-journal");

    /**
     * What a snapshot holds.
     *
     * @param revision the store's revision in it
     * @param keys how many keys it holds
     * @param bytes the snapshot file's size
     */
    public record Snapshot(long revision, long keys, long bytes) {}

    private SqliteSnapshots() {}

    /**
     * Copies the store in {@code dbFile} to {@code target}, while a server may be writing to it: SQLite's VACUUM INTO
     * reads the database in one read transaction, which WAL lets run beside the writer, so the copy is the store at
     * one revision, never a mix. The copy is written beside {@code target} and renamed into place once complete and
     * synced to disk; it is private to its owner (it holds Secrets).
     *
     * @throws StoreException when there is no store in {@code dbFile} or the copy fails
     */
    public static Snapshot save(Path dbFile, Path target) {
        if (!Files.isRegularFile(dbFile)) {
            throw new StoreException("there is no embedded store at " + dbFile);
        }
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.deleteIfExists(partial);
            createPrivate(partial);
            try (Connection source = DriverManager.getConnection(WriterConnection.jdbcUrl(dbFile))) {
                // Not query_only, which refuses VACUUM INTO; the statement only reads this database. VACUUM refuses
                // to run beside an unfinished statement on its connection, so the pragma's is closed first.
                try (Statement settings = source.createStatement()) {
                    settings.execute(PRAGMA_BUSY_TIMEOUT);
                }
                // sqlite.org/lang_vacuum.html#vacuuminto: the output is a consistent snapshot of the database.
                try (PreparedStatement vacuum = source.prepareStatement("VACUUM INTO ?")) {
                    vacuum.setString(1, partial.toAbsolutePath().toString());
                    vacuum.execute();
                }
            }
            Snapshot snapshot = describe(partial);
            syncFile(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target);
            return snapshot;
        } catch (SQLException | IOException e) {
            deleteQuietly(partial);
            throw new StoreException("cannot snapshot " + dbFile + " to " + target + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            deleteQuietly(partial);
            throw e;
        }
    }

    /**
     * Replaces the store in {@code dbFile} (if any) with {@code snapshot}, only while no store is open on it. The
     * snapshot is checked (SQLite's integrity check, the store's tables) on a copy beside {@code dbFile} before
     * anything is replaced; the old database's write-ahead log and shared memory go with it, as they belong to it.
     *
     * @throws StoreException when a store is open on {@code dbFile} (a running server), or the snapshot is not one
     */
    public static Snapshot restore(Path snapshot, Path dbFile) {
        if (!Files.isRegularFile(snapshot)) {
            throw new StoreException("there is no snapshot at " + snapshot);
        }
        try {
            Files.createDirectories(dbFile.toAbsolutePath().getParent(),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new StoreException("cannot create " + dbFile.getParent(), e);
        }
        try (StoreLock lock = StoreLock.acquire(dbFile)) {
            Path copy = dbFile.resolveSibling(dbFile.getFileName() + ".restore");
            try {
                Files.deleteIfExists(copy);
                createPrivate(copy);
                try (InputStream in = Files.newInputStream(snapshot); OutputStream out = Files.newOutputStream(copy)) {
                    in.transferTo(out);
                }
                Snapshot restored = describe(copy);
                syncFile(copy);
                for (String suffix : COMPANION_SUFFIXES) {
                    Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + suffix));
                }
                Files.move(copy, dbFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(dbFile);
                return restored;
            } catch (IOException e) {
                deleteQuietly(copy);
                throw new StoreException("cannot restore " + snapshot + " to " + dbFile + ": " + e.getMessage(), e);
            } catch (StoreException e) {
                deleteQuietly(copy);
                throw e;
            }
        }
    }

    /** The revision and key count of a snapshot file, after SQLite's integrity check; fails if it is not one. */
    private static Snapshot describe(Path file) {
        try (Connection connection = DriverManager.getConnection(WriterConnection.jdbcUrl(file));
                Statement s = connection.createStatement()) {
            s.execute(PRAGMA_QUERY_ONLY);
            try (ResultSet check = s.executeQuery("PRAGMA integrity_check")) {
                String result = check.next() ? check.getString(1) : "no answer";
                if (!"ok".equals(result)) {
                    throw new StoreException(file + " is damaged: " + result);
                }
            }
            long maxId = single(s, SELECT_MAX_REVISION);
            long keys = single(s, "SELECT COUNT(*) FROM (" + SELECT_LIVE_KEYS + ")");
            long compacted;
            try (PreparedStatement meta = connection.prepareStatement(SELECT_META)) {
                meta.setString(1, META_COMPACT_REVISION);
                try (ResultSet rs = meta.executeQuery()) {
                    compacted = rs.next() ? rs.getLong(1) : 0;
                }
            }
            return new Snapshot(Math.max(maxId, compacted), keys, Files.size(file));
        } catch (SQLException e) {
            throw new StoreException(file + " is not a snapshot of Skiff's embedded store: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, e);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void createPrivate(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** A rename is durable once the directory that holds it is synced. */
    private static void syncDirectory(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The error being reported matters more.
        }
    }
}
