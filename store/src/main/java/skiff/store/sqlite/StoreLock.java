package skiff.store.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import skiff.store.StoreException;

/**
 * The exclusive claim of one process on a database file: an operating-system lock on {@code FILE.lock} beside it,
 * held while a store is open on the file or a snapshot is being restored into it. The lock goes with the process,
 * so a server killed with SIGKILL leaves nothing to clean up. SQLite's own locks are on the database file, which
 * this never opens: closing any descriptor of a file drops a process's POSIX locks on it.
 */
final class StoreLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StoreException when another process (or another store in this one) holds the lock */
    static StoreLock acquire(Path dbFile) {
        Path file = lockFile(dbFile);
        FileChannel channel = null;
        try {
            if (Files.notExists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another process created it first: the lock below decides.
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dbFile);
            }
            return new StoreLock(file, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dbFile);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock " + file, e);
        } catch (StoreException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static Path lockFile(Path dbFile) {
        return dbFile.resolveSibling(dbFile.getFileName() + ".lock");
    }

    private static StoreException inUse(Path dbFile) {
        return new StoreException(dbFile + " is in use by another process (a running skiff server?): "
                + lockFile(dbFile).getFileName() + " is locked");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was locked.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StoreException("cannot unlock " + file, e);
        }
    }
}
