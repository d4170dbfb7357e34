package skiff.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import skiff.store.StoreException;

/**
 * The database file and its companions (write-ahead log, shared memory, rollback journal, lock), which hold every
 * stored value, Secrets included: readable and writable by their owner only. SQLite creates the companions with the
 * database file's permissions (sqlite unix VFS, findCreateFileMode), so the database file is created 0600 before
 * SQLite opens it; the files of an existing database are tightened to 0600.
 */
final class DatabaseFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final List<String> COMPANION_SUFFIXES = List.of("-wal", "-shm", "-journal", ".lock");

    private DatabaseFiles() {}

    static void makePrivate(Path dbFile) {
        if (!dbFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            if (Files.notExists(dbFile)) {
                Files.createFile(dbFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            // The creation mode passes through the umask, and an older database may be more open: set the bits.
            Files.setPosixFilePermissions(dbFile, OWNER_ONLY);
            for (String suffix : COMPANION_SUFFIXES) {
                Path companion = dbFile.resolveSibling(dbFile.getFileName() + suffix);
                if (Files.exists(companion)) {
                    Files.setPosixFilePermissions(companion, OWNER_ONLY);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot make " + dbFile + " private to its owner", e);
        }
    }
}
