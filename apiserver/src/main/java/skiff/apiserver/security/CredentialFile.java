package skiff.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads and writes the files that hold credentials. A write goes to a temporary file in the same directory, created
 * with its final permissions before any byte is written, and then replaces the target in one rename, so a reader sees
 * either the old content or the new, and a secret is never readable by others, not even for a moment.
 */
final class CredentialFile {
    /** rw------- : keys, tokens and kubeconfigs. */
    static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    /** rw-r--r-- : certificates, which are public. */
    static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    /** rwx------ : directories that hold secrets. */
    static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private CredentialFile() {}

    static void writeSecret(Path file, String content) {
        write(file, content, SECRET);
    }

    static void writePublic(Path file, String content) {
        write(file, content, PUBLIC);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Creates the directory and its missing parents; the directory itself is private to the owner, and an existing
     * one that was more open (from an older Skiff, or a umask) is tightened.
     */
    static void createPrivateDirectory(Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                restrict(directory, PRIVATE_DIRECTORY);
                return;
            }
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(directory, attributes(directory, PRIVATE_DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + directory, e);
        }
    }

    /** Tightens an existing secret file to {@link #SECRET}; a missing one is left for its writer to create. */
    static void keepSecret(Path file) {
        try {
            if (Files.exists(file)) {
                restrict(file, SECRET);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + file, e);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (supportsPosix(path) && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            String prefix = "." + file.getFileName();
            temporary = Files.createTempFile(directory, prefix, ".tmp", attributes(directory, permissions));
            if (supportsPosix(directory)) {
                // The creation mode passes through the umask; set it again so the file gets exactly these bits.
                Files.setPosixFilePermissions(temporary, permissions);
            }
            writeDurably(temporary, content);
            moveIntoPlace(temporary, file);
            temporary = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** Writes and flushes to the device, so a crash right after the rename cannot leave an empty credential. */
    private static void writeDurably(Path temporary, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    private static void moveIntoPlace(Path temporary, Path file) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static FileAttribute<?>[] attributes(Path location, Set<PosixFilePermission> permissions) {
        if (!supportsPosix(location)) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }

    private static boolean supportsPosix(Path location) {
        return location.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The write already failed; that failure is the one worth reporting.
        }
    }
}
