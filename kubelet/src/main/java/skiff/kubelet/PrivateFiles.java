package skiff.kubelet;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The kubelet's files at rest (its state, certificates, pod logs, volume directories), readable only by the user
 * Skiff runs as: directories 0700, files 0600, whatever the process's umask.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(DIRECTORY);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(FILE);

    private PrivateFiles() {}

    /** Creates a directory and its missing parents, each new one 0700. */
    public static Path directories(Path dir) throws IOException {
        return Files.createDirectories(dir, DIRECTORY_ATTRIBUTE);
    }

    /** Makes an existing directory 0700, for a state directory made before this rule. */
    public static void restrict(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, DIRECTORY);
    }

    /** Creates an empty 0600 file; it must not exist. */
    public static Path createFile(Path file) throws IOException {
        return Files.createFile(file, FILE_ATTRIBUTE);
    }

    /** Writes a whole 0600 file, replacing what it held. */
    public static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = open(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(content);
        }
    }

    public static void writeString(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A 0600 file opened for appending. */
    public static OutputStream append(Path file) throws IOException {
        return open(file, StandardOpenOption.APPEND);
    }

    private static OutputStream open(Path file, StandardOpenOption mode) throws IOException {
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode), FILE_ATTRIBUTE));
        try {
            // A file made before this rule keeps its mode on open.
            Files.setPosixFilePermissions(file, FILE);
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return out;
    }
}
