package skiff.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks each layer once into {@code snapshots/<digest hex>} for overlayfs: modes, owners, symlinks, hardlinks,
 * device nodes, FIFOs and extended attributes as the tar has them, and OCI whiteouts (image-spec layer.md
 * "Whiteouts") in overlayfs' form (kernel Documentation/filesystems/overlayfs.rst): {@code .wh.NAME} becomes a
 * character device 0/0 named NAME, {@code .wh..wh..opq} marks its directory {@code trusted.overlay.opaque=y}.
 * Entries that would land outside the layer (absolute names, {@code ..}, a path through a symlink) refuse the layer.
 */
final class LayerUnpacker {
    private static final Logger LOG = LoggerFactory.getLogger(LayerUnpacker.class);
    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path snapshots;
    private final Path tmp;
    private final Function<Digest, Path> blobPath;
    /** Per snapshot directory, for every store of this process: one unpacks, the others wait for it. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    LayerUnpacker(Path snapshots, Path tmp, Function<Digest, Path> blobPath) {
        this.snapshots = snapshots;
        this.tmp = tmp;
        this.blobPath = blobPath;
    }

    /**
     * The layer's unpacked directory, unpacking it first if no one has: other callers in this process wait for that
     * one; another process unpacking the same layer at the same moment loses the final rename and uses the winner's.
     */
    Path unpacked(Digest layer) throws IOException {
        Path target = snapshots.resolve(layer.hex());
        if (Files.isDirectory(target)) {
            return target;
        }
        ReentrantLock lock = LOCKS.computeIfAbsent(target, d -> new ReentrantLock());
        lock.lock();
        try {
            if (Files.isDirectory(target)) {
                return target;
            }
            Path blob = blobPath.apply(layer);
            if (!Files.isRegularFile(blob)) {
                throw new java.nio.file.NoSuchFileException("layer " + layer + " is not in the image store");
            }
            Path work = Files.createTempDirectory(tmp, "unpack-" + layer.hex().substring(0, 12) + "-");
            try {
                try (InputStream in = Files.newInputStream(blob)) {
                    unpack(in, work);
                    // Unpacked once and never checked again: durable before it becomes visible.
                    Syscalls.syncfs(work);
                } catch (IOException | RuntimeException e) {
                    throw new IOException("layer " + layer + " cannot be unpacked: " + e.getMessage(), e);
                }
                try {
                    Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // Another process unpacked the same layer first: its directory is as good as ours.
                    if (!Files.isDirectory(target)) {
                        throw e;
                    }
                }
            } finally {
                deleteRecursively(work);
            }
            return target;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a layer's unpacked directory, if any: renamed away first so that it vanishes at once. */
    void delete(Digest layer) throws IOException {
        Path target = snapshots.resolve(layer.hex());
        if (!Files.isDirectory(target, NOFOLLOW)) {
            return;
        }
        Path doomed = tmp.resolve("delete-" + layer.hex() + "-" + System.nanoTime());
        Files.move(target, doomed, StandardCopyOption.ATOMIC_MOVE);
        deleteRecursively(doomed);
    }

    /** Unpacks a (gzip-, zstd- or un-compressed) layer tar into {@code dir}. */
    static void unpack(InputStream raw, Path dir) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
            new Extraction(dir).run(tar);
        }
    }

    /** The stream decompressed by its magic number: gzip, zstd, or none. */
    static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(GzipCompressorInputStream.builder().setInputStream(in)
                    .setDecompressConcatenated(true).get(), 1 << 16);
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new BufferedInputStream(new ZstdCompressorInputStream(in), 1 << 16);
        }
        return in;
    }

    /** One layer's extraction, remembering the symlinks it made (no later entry may pass through one). */
    private static final class Extraction {
        private final Path dir;
        private final Set<String> symlinks = new HashSet<>();
        private final List<Map.Entry<Path, FileTime>> directoryTimes = new ArrayList<>();

        Extraction(Path dir) {
            this.dir = dir;
        }

        void run(TarArchiveInputStream tar) throws IOException {
            Files.setAttribute(dir, "unix:mode", 0755, NOFOLLOW);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String rel = relative(entry.getName());
                if (rel.isEmpty()) {
                    if (entry.isDirectory()) {
                        setMetadata(dir, entry);
                    }
                    continue;
                }
                checkNotThroughSymlink(rel);
                Path path = dir.resolve(rel);
                String base = path.getFileName().toString();
                if (base.equals(OPAQUE)) {
                    Files.createDirectories(path.getParent());
                    Syscalls.lsetxattr(path.getParent(), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.UTF_8));
                    continue;
                }
                if (base.startsWith(WHITEOUT)) {
                    String hidden = base.substring(WHITEOUT.length());
                    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
                        throw new IOException("invalid whiteout " + entry.getName());
                    }
                    Path target = path.resolveSibling(hidden);
                    Files.createDirectories(path.getParent());
                    removeExisting(target);
                    Syscalls.mknod(target, Syscalls.S_IFCHR, 0);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isDirectory()) {
                    if (Files.exists(path, NOFOLLOW) && !Files.isDirectory(path, NOFOLLOW)) {
                        removeExisting(path);
                    }
                    if (!Files.exists(path, NOFOLLOW)) {
                        Files.createDirectory(path);
                    }
                    setMetadata(path, entry);
                    directoryTimes.add(Map.entry(path, FileTime.from(entry.getLastModifiedTime().toInstant())));
                    continue;
                }
                removeExisting(path);
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                    symlinks.add(rel);
                    setOwner(path, entry);
                    continue;
                }
                if (entry.isLink()) {
                    String targetRel = relative(entry.getLinkName());
                    checkNotThroughSymlink(targetRel);
                    Path target = dir.resolve(targetRel);
                    if (targetRel.isEmpty() || !Files.exists(target, NOFOLLOW)) {
                        throw new IOException("hardlink " + entry.getName() + " to " + entry.getLinkName()
                                + ", which is not in the layer");
                    }
                    Files.createLink(path, target);
                    continue;
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                    int type = entry.isCharacterDevice() ? Syscalls.S_IFCHR : Syscalls.S_IFBLK;
                    Syscalls.mknod(path, type | (entry.getMode() & 0777),
                            Syscalls.makedev(entry.getDevMajor(), entry.getDevMinor()));
                } else if (entry.isFIFO()) {
                    Syscalls.mknod(path, Syscalls.S_IFIFO | (entry.getMode() & 0777), 0);
                } else if (entry.isFile()) {
                    Files.copy(tar, path);
                } else {
                    LOG.warn("layer entry {} of type {} skipped", entry.getName(), (char) entry.getLinkFlag());
                    continue;
                }
                setMetadata(path, entry);
                Files.setLastModifiedTime(path, FileTime.from(entry.getLastModifiedTime().toInstant()));
            }
            // Directory times last: creating their children changed them.
            directoryTimes.sort(Comparator.comparingInt((Map.Entry<Path, FileTime> e) -> e.getKey().getNameCount())
                    .reversed());
            for (var e : directoryTimes) {
                Files.setLastModifiedTime(e.getKey(), e.getValue());
            }
        }

        private void setMetadata(Path path, TarArchiveEntry entry) throws IOException {
            setOwner(path, entry);
            // After chown, which clears set-id bits.
            Files.setAttribute(path, "unix:mode", entry.getMode() & 07777, NOFOLLOW);
            for (var header : entry.getExtraPaxHeaders().entrySet()) {
                if (header.getKey().startsWith("SCHILY.xattr.")) {
                    setXattr(path, header.getKey().substring("SCHILY.xattr.".length()), header.getValue());
                }
            }
        }

        /**
         * Sets an extended attribute from a PAX header, whose value commons-compress hands over decoded as UTF-8: a
         * value that was not valid UTF-8 cannot be restored and is skipped with a warning, as is one the filesystem
         * refuses; neither stops the layer.
         */
        private static void setXattr(Path path, String name, String value) {
            if (value.indexOf('\uFFFD') >= 0) {
                LOG.warn("extended attribute {} of {} is binary and cannot be restored; skipped", name, path);
                return;
            }
            try {
                Syscalls.lsetxattr(path, name, value.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.warn("extended attribute {} of {} not set: {}", name, path, e.getMessage());
            }
        }

        private static void setOwner(Path path, TarArchiveEntry entry) throws IOException {
            Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), NOFOLLOW);
            Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), NOFOLLOW);
        }

        private void checkNotThroughSymlink(String rel) throws IOException {
            int slash = rel.indexOf('/');
            while (slash >= 0) {
                if (symlinks.contains(rel.substring(0, slash))) {
                    throw new IOException("entry " + rel + " would be written through the symlink "
                            + rel.substring(0, slash));
                }
                slash = rel.indexOf('/', slash + 1);
            }
        }

        private void removeExisting(Path path) throws IOException {
            if (Files.isDirectory(path, NOFOLLOW)) {
                deleteRecursively(path);
            } else {
                Files.deleteIfExists(path);
            }
            symlinks.remove(dir.relativize(path).toString());
        }
    }

    /** A tar entry's name relative to the layer's root ("" for the root); refuses names that leave the layer. */
    static String relative(String name) throws IOException {
        if (name.startsWith("/")) {
            throw new IOException("layer entry " + name + " has an absolute path");
        }
        StringBuilder out = new StringBuilder();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IOException("layer entry " + name + " leaves the layer (..)");
            }
            if (part.indexOf('\0') >= 0) {
                throw new IOException("layer entry " + name + " has a NUL character");
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, NOFOLLOW)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
