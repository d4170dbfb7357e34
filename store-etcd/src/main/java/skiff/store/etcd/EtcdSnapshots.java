package skiff.store.etcd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import skiff.store.StoreException;

/**
 * etcd's own snapshot of its whole keyspace, as {@code etcdctl snapshot save} takes it (the Maintenance service's
 * Snapshot stream: the member's database followed by its SHA-256), so {@code etcdutl snapshot restore} restores it.
 */
public final class EtcdSnapshots {
    private static final long TIMEOUT_MINUTES = 10;

    private EtcdSnapshots() {}

    /**
     * Streams a snapshot from the first endpoint that answers into {@code target}, through a private file beside it
     * that is renamed into place once complete and synced.
     *
     * @return the snapshot's size in bytes
     */
    public static long save(EtcdOptions options, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try (EtcdKeyValueStore store = EtcdKeyValueStore.open(options, options.prefix())) {
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            long bytes;
            try (OutputStream out = Files.newOutputStream(partial)) {
                bytes = store.client().getMaintenanceClient().snapshot(out).get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } catch (IOException | ExecutionException | TimeoutException e) {
            deleteQuietly(partial);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot snapshot etcd to " + target + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(partial);
            throw new StoreException("interrupted while taking an etcd snapshot", e);
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
