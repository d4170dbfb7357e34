package skiff.kubelet.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import skiff.kubelet.PrivateFiles;
import skiff.kubelet.runtime.VolumeConfig;

/** What every runtime does the same way with a pod's volumes on the host: hostPath checks, file volumes, removal. */
public final class VolumeFiles {
    /** The link to the current generation of a file volume's contents (k/k pkg/volume/util/atomic_writer.go). */
    public static final String DATA_LINK = "..data";
    private static final DateTimeFormatter GENERATION =
            DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.nnnnnnnnn").withZone(ZoneOffset.UTC);

    private VolumeFiles() {}

    // k/k pkg/volume/hostpath host_path.go: DirectoryOrCreate and FileOrCreate create what is missing; the other
    // types only check, and an empty type checks nothing.
    /** Checks (or creates) a hostPath volume's path as its {@code type} says, and returns it absolute. */
    public static Path hostPath(VolumeConfig.HostPath h) throws IOException {
        Path path = Path.of(h.path()).toAbsolutePath();
        switch (h.type()) {
            case "DirectoryOrCreate" -> Files.createDirectories(path);
            case "FileOrCreate" -> {
                Files.createDirectories(path.getParent());
                try {
                    Files.createFile(path);
                } catch (FileAlreadyExistsException e) {
                    // Already there.
                }
            }
            case "Directory" -> require(Files.isDirectory(path), h, "is not a directory");
            case "File" -> require(Files.isRegularFile(path), h, "is not a file");
            case "Socket", "CharDevice", "BlockDevice" -> require(Files.exists(path), h, "does not exist");
            default -> { }
        }
        return path;
    }

    private static void require(boolean ok, VolumeConfig.HostPath h, String problem) throws IOException {
        if (!ok) {
            throw new IOException("hostPath " + h.path() + " of volume " + h.name() + " " + problem);
        }
    }

    /**
     * Writes a configMap, secret or downwardAPI volume's files into {@code dir} in the atomic writer's layout
     * (k/k pkg/volume/util/atomic_writer.go): the files in a new timestamped directory, {@code ..data} a symbolic
     * link to it swapped by a rename, and each top-level name a link through {@code ..data}. Called again with new
     * contents, it swaps them in at once for a running container and removes the old generation. Directories get
     * {@code dirMode}: private for the process runtime, readable by a container's non-root user for runc. Returns
     * false, writing nothing, when the current generation already holds exactly these files.
     */
    public static boolean writeAtomically(Path dir, VolumeConfig.Files f, Instant now, int dirMode)
            throws IOException {
        PrivateFiles.directories(dir);
        Files.setPosixFilePermissions(dir, permissions(dirMode));
        Path current = dir.resolve(DATA_LINK);
        if (Files.isSymbolicLink(current) && holds(dir.resolve(Files.readSymbolicLink(current)), f)) {
            return false;
        }
        Path generation = dir.resolve(GENERATION.format(now));
        Files.createDirectory(generation);
        Files.setPosixFilePermissions(generation, permissions(dirMode));
        Set<String> topLevel = new TreeSet<>();
        for (Map.Entry<String, byte[]> file : f.files().entrySet()) {
            Path target = generation.resolve(file.getKey()).normalize();
            if (!target.startsWith(generation) || file.getKey().startsWith("..")) {
                throw new IOException("volume " + f.name() + ": path " + file.getKey() + " leaves the volume");
            }
            Files.createDirectories(target.getParent());
            for (Path d = target.getParent(); !d.equals(generation); d = d.getParent()) {
                Files.setPosixFilePermissions(d, permissions(dirMode));
            }
            Files.write(target, file.getValue());
            Files.setPosixFilePermissions(target, permissions(f.mode()));
            topLevel.add(generation.relativize(target).getName(0).toString());
        }
        Path old = Files.isSymbolicLink(dir.resolve(DATA_LINK)) ? dir.resolve(Files.readSymbolicLink(
                dir.resolve(DATA_LINK))) : null;
        Path tmpLink = dir.resolve("..data_tmp");
        Files.deleteIfExists(tmpLink);
        Files.createSymbolicLink(tmpLink, generation.getFileName());
        Files.move(tmpLink, dir.resolve(DATA_LINK), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith("..") && !topLevel.contains(name)) {
                    Files.delete(entry);
                }
            }
        }
        for (String name : topLevel) {
            Path link = dir.resolve(name);
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(DATA_LINK).resolve(name));
            }
        }
        if (old != null && !old.equals(generation)) {
            deleteTree(old);
        }
        return true;
    }

    // k/k pkg/volume/util/atomic_writer.go shouldWritePayload (1.32): a payload whose files all exist with the same
    // contents, and no file to remove, is not written again.
    private static boolean holds(Path generation, VolumeConfig.Files f) throws IOException {
        if (!Files.isDirectory(generation, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Set<String> present = new TreeSet<>();
        try (Stream<Path> files = Files.walk(generation)) {
            for (Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                present.add(generation.relativize(file).toString());
            }
        }
        Set<String> wanted = new TreeSet<>();
        f.files().keySet().forEach(k -> wanted.add(Path.of(k).normalize().toString()));
        if (!present.equals(wanted)) {
            return false;
        }
        for (Map.Entry<String, byte[]> file : f.files().entrySet()) {
            Path path = generation.resolve(file.getKey()).normalize();
            if (!Arrays.equals(Files.readAllBytes(path), file.getValue())
                    || !Files.getPosixFilePermissions(path).equals(permissions(f.mode()))) {
                return false;
            }
        }
        return true;
    }

    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** Deletes a tree without following symbolic links out of it; harmless when it is gone. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
