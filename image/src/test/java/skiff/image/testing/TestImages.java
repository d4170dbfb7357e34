package skiff.image.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import skiff.image.Digest;
import skiff.image.ImageReference;
import skiff.image.MediaTypes;
import skiff.image.OciImageStore;
import skiff.image.Platform;
import skiff.image.StoredImage;

/**
 * Images for tests, built offline from this machine's {@code /bin/busybox} (Debian busybox-static): a layer with
 * {@code /bin/busybox}, symlinks for its common applets, {@code /etc/passwd}, {@code /etc/group} and the usual empty
 * directories; optionally a second layer that adds files and deletes some (OCI whiteouts). Same inputs, same
 * digests: every timestamp is fixed and gzip writes no time.
 *
 * <pre>{@code
 * TestImage image = TestImages.busybox().cmd("sleep", "3600").env("A=1").build();
 * StoredImage stored = image.putInto(store, "docker.io/library/busybox:test");
 * image.writeOciArchive(file, "docker.io/library/busybox:test");
 * }</pre>
 */
public final class TestImages {
    /** The busybox binary the images carry. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");

    /** The applets the busybox layer links to {@code /bin/busybox}. */
    public static final List<String> APPLETS = List.of("sh", "ash", "sleep", "cat", "echo", "wget", "nc", "httpd",
            "hostname", "ls", "id", "tar", "env", "true", "false", "ps", "kill", "mkdir", "rm", "touch", "grep",
            "sed", "test", "pwd", "whoami", "date", "nslookup", "ping", "cp", "mv", "head", "tail", "wc", "stat",
            "readlink", "chmod", "chown", "mount", "df", "du", "uname", "find", "sort", "xargs", "timeout", "printf",
            "expr", "seq", "dd", "top", "vi", "awk", "nproc", "ip", "ifconfig", "tee", "uniq", "cut", "tr",
            "basename", "dirname", "realpath", "ln", "free", "yes", "mkfifo", "sync", "rmdir", "gzip", "gunzip",
            "zcat", "which", "diff", "md5sum", "sha256sum", "netstat", "hexdump", "base64", "[", "usleep", "cmp");

    /** Layer timestamps: a fixed instant, for reproducible digests. */
    static final long MTIME_SECONDS = 946_684_800L;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Blob> LAYER_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    private TestImages() {}

    /** A builder of a busybox image: its config and an optional second layer. */
    public static Builder busybox() {
        return new Builder();
    }

    /** Layer compression. */
    public enum Compression { GZIP, ZSTD, NONE }

    /** One blob of an image: its media type, digest and bytes. */
    public record Blob(String mediaType, Digest digest, byte[] bytes) {
        static Blob of(String mediaType, byte[] bytes) {
            return new Blob(mediaType, sha256(bytes), bytes);
        }

        public long size() {
            return bytes.length;
        }
    }

    /** A file a layer adds. */
    public record FileEntry(String path, byte[] content, int mode) {}

    /** Builds a {@link TestImage}. */
    public static final class Builder {
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of("sh");
        private final List<String> env = new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:"
                + "/usr/bin:/sbin:/bin"));
        private String workingDir = "";
        private String user = "";
        private String stopSignal = "";
        private String architecture = Platform.host().architecture();
        private Compression compression = Compression.GZIP;
        private final List<FileEntry> files = new ArrayList<>();
        private final List<String> deletions = new ArrayList<>();

        private Builder() {}

        public Builder entrypoint(String... args) {
            entrypoint = List.of(args);
            return this;
        }

        public Builder cmd(String... args) {
            cmd = List.of(args);
            return this;
        }

        /** Adds {@code NAME=value} entries after the default PATH. */
        public Builder env(String... entries) {
            env.addAll(List.of(entries));
            return this;
        }

        public Builder workingDir(String dir) {
            workingDir = dir;
            return this;
        }

        public Builder user(String u) {
            user = u;
            return this;
        }

        public Builder stopSignal(String signal) {
            stopSignal = signal;
            return this;
        }

        /** The config's architecture (default: this machine's), for multi-platform indexes. */
        public Builder architecture(String arch) {
            architecture = arch;
            return this;
        }

        public Builder compression(Compression c) {
            compression = c;
            return this;
        }

        /** A file in the second layer (mode 0644). */
        public Builder file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
        }

        /** A file in the second layer. */
        public Builder file(String path, byte[] content, int mode) {
            files.add(new FileEntry(path, content.clone(), mode));
            return this;
        }

        /** A whiteout in the second layer: {@code path} (e.g. {@code /bin/tar}) is gone from the image. */
        public Builder delete(String path) {
            deletions.add(path);
            return this;
        }

        public TestImage build() {
            List<Blob> layers = new ArrayList<>();
            List<Digest> diffIds = new ArrayList<>();
            List<byte[]> tars = new ArrayList<>();
            byte[] base = busyboxTar();
            tars.add(base);
            layers.add(LAYER_CACHE.computeIfAbsent(compression.name(), c -> compress(base, compression)));
            diffIds.add(sha256(base));
            if (!files.isEmpty() || !deletions.isEmpty()) {
                byte[] top = secondLayerTar(files, deletions);
                tars.add(top);
                layers.add(compress(top, compression));
                diffIds.add(sha256(top));
            }
            ObjectNode config = JSON.createObjectNode();
            config.put("created", "2000-01-01T00:00:00Z");
            config.put("architecture", architecture);
            config.put("os", "linux");
            ObjectNode c = config.putObject("config");
            if (!entrypoint.isEmpty()) {
                strings(c.putArray("Entrypoint"), entrypoint);
            }
            if (!cmd.isEmpty()) {
                strings(c.putArray("Cmd"), cmd);
            }
            strings(c.putArray("Env"), env);
            if (!workingDir.isEmpty()) {
                c.put("WorkingDir", workingDir);
            }
            if (!user.isEmpty()) {
                c.put("User", user);
            }
            if (!stopSignal.isEmpty()) {
                c.put("StopSignal", stopSignal);
            }
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            strings(rootfs.putArray("diff_ids"), diffIds.stream().map(Digest::toString).toList());
            Blob configBlob = Blob.of(MediaTypes.OCI_CONFIG, JSON.writeValueAsBytes(config));

            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
            descriptor(manifest.putObject("config"), configBlob);
            ArrayNode layerArray = manifest.putArray("layers");
            layers.forEach(l -> descriptor(layerArray.addObject(), l));
            Blob manifestBlob = Blob.of(MediaTypes.OCI_MANIFEST, JSON.writeValueAsBytes(manifest));
            return new TestImage(manifestBlob, configBlob, layers, diffIds, architecture, tars);
        }
    }

    /**
     * An image index (OCI) over {@code images}, each listed with its config's architecture as its platform; store
     * it with {@link #putIndexInto} or inspect its digest.
     */
    public static Blob index(TestImage... images) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (TestImage image : images) {
            ObjectNode m = manifests.addObject();
            descriptor(m, image.manifest());
            ObjectNode platform = m.putObject("platform");
            platform.put("architecture", image.architecture());
            platform.put("os", "linux");
        }
        return Blob.of(MediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index));
    }

    /** Stores every image's blobs and the index, and names the index {@code name}. */
    public static StoredImage putIndexInto(OciImageStore store, String name, TestImage... images) {
        Blob index = index(images);
        try {
            for (TestImage image : images) {
                image.putBlobsInto(store);
            }
            store.putBlob(index.digest(), new java.io.ByteArrayInputStream(index.bytes()));
            ImageReference ref = ImageReference.parse(name);
            store.tag(ref, index.digest());
            return store.image(ref).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void descriptor(ObjectNode node, Blob blob) {
        node.put("mediaType", blob.mediaType());
        node.put("digest", blob.digest().toString());
        node.put("size", blob.size());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** The busybox layer, uncompressed. */
    private static byte[] busyboxTar() {
        return LAYER_CACHE.computeIfAbsent("tar", k -> {
            try {
                byte[] busybox = Files.readAllBytes(BUSYBOX);
                TarWriter tar = new TarWriter();
                for (String d : List.of("bin/", "dev/", "etc/", "home/", "proc/", "root/", "sys/", "usr/", "usr/bin/",
                        "var/", "var/www/")) {
                    tar.directory(d, d.equals("root/") ? 0700 : 0755);
                }
                tar.directory("tmp/", 01777);
                tar.file("bin/busybox", busybox, 0755);
                for (String applet : APPLETS) {
                    tar.symlink("bin/" + applet, "busybox");
                }
                tar.file("etc/group", "root:x:0:\nnobody:x:65534:\n".getBytes(StandardCharsets.UTF_8), 0644);
                tar.file("etc/passwd", ("root:x:0:0:root:/root:/bin/sh\n"
                        + "nobody:x:65534:65534:nobody:/home:/bin/false\n").getBytes(StandardCharsets.UTF_8), 0644);
                return new Blob(MediaTypes.OCI_LAYER, null, tar.finish());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the busybox layer from " + BUSYBOX
                        + " (Debian: apt-get install busybox-static)", e);
            }
        }).bytes();
    }

    private static byte[] secondLayerTar(List<FileEntry> files, List<String> deletions) {
        TarWriter tar = new TarWriter();
        TreeMap<String, Object> entries = new TreeMap<>();
        for (FileEntry f : files) {
            entries.put(strip(f.path()), f);
        }
        for (String d : deletions) {
            String p = strip(d);
            int slash = p.lastIndexOf('/');
            entries.put(p.substring(0, slash + 1) + ".wh." + p.substring(slash + 1), d);
        }
        Map<String, Boolean> dirs = new LinkedHashMap<>();
        for (String path : entries.keySet()) {
            int slash = path.indexOf('/');
            while (slash >= 0) {
                dirs.putIfAbsent(path.substring(0, slash + 1), true);
                slash = path.indexOf('/', slash + 1);
            }
        }
        dirs.keySet().stream().sorted().forEach(d -> tar.directory(d, 0755));
        entries.forEach((path, value) -> {
            if (value instanceof FileEntry f) {
                tar.file(path, f.content(), f.mode());
            } else {
                tar.file(path, new byte[0], 0644);
            }
        });
        return tar.finish();
    }

    private static String strip(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty() || p.endsWith("/")) {
            throw new IllegalArgumentException("not a file path: " + path);
        }
        return p;
    }

    public static Blob compress(byte[] tar, Compression compression) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            String mediaType;
            switch (compression) {
                case GZIP -> {
                    try (OutputStream out = new GZIPOutputStream(buffer)) {
                        out.write(tar);
                    }
                    mediaType = MediaTypes.OCI_LAYER_GZIP;
                }
                case ZSTD -> {
                    try (OutputStream out = new ZstdCompressorOutputStream(buffer)) {
                        out.write(tar);
                    }
                    mediaType = MediaTypes.OCI_LAYER_ZSTD;
                }
                default -> {
                    buffer.write(tar);
                    mediaType = MediaTypes.OCI_LAYER;
                }
            }
            return Blob.of(mediaType, buffer.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Digest sha256(byte[] bytes) {
        try {
            return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A layer tar in memory; entries it makes have fixed owners (root) and times. */
    public static final class TarWriter {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;

        public TarWriter() {
            tar = new TarArchiveOutputStream(buffer);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        public TarWriter directory(String name, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(040000 | mode);
            return put(e, null);
        }

        public TarWriter file(String name, byte[] content, int mode) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100000 | mode);
            e.setSize(content.length);
            return put(e, content);
        }

        public TarWriter symlink(String name, String target) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
            e.setLinkName(target);
            e.setMode(0120777);
            return put(e, null);
        }

        /** Any entry, as given (owners, times, type). */
        public TarWriter entry(TarArchiveEntry e, byte[] content) {
            try {
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        private TarWriter put(TarArchiveEntry e, byte[] content) {
            try {
                e.setModTime(MTIME_SECONDS * 1000);
                e.setIds(0, 0);
                e.setNames("", "");
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
                return this;
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        public byte[] finish() {
            try {
                tar.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buffer.toByteArray();
        }
    }
}
