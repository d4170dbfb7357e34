package skiff.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@link ImageStore} on a directory that is an OCI image layout (OCI image-spec image-layout.md): {@code oci-layout},
 * {@code blobs/sha256/<hex>}, and {@code index.json} whose entries carry each image's full normalized name in the
 * {@code org.opencontainers.image.ref.name} annotation (an entry without it is an image known by digest only). Layers
 * are unpacked once into {@code snapshots/<layer digest hex>}.
 *
 * <p>Blobs and snapshots land by atomic renames from {@code tmp/}; every change of {@code index.json} (always
 * replaced whole by a rename) holds a lock on {@code index.lock} that excludes other processes and other stores on
 * the same directory in this process. Readers take no lock.
 */
public final class OciImageStore implements ImageStore {
    /** The index annotation holding an image's name (OCI image-spec annotations.md). */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static final Logger LOG = LoggerFactory.getLogger(OciImageStore.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path blobs;
    private final Path tmp;
    private final Platform platform;
    private final JsonMapper json = JsonMapper.builder().build();
    /** Parsed manifests, indexes and configs by digest: blobs never change. */
    private final ConcurrentHashMap<Digest, JsonNode> parsed = new ConcurrentHashMap<>();
    private final LayerUnpacker unpacker;

    private OciImageStore(Path root, Platform platform) {
        this.root = root;
        this.blobs = root.resolve("blobs");
        this.tmp = root.resolve("tmp");
        this.platform = platform;
        this.unpacker = new LayerUnpacker(root.resolve("snapshots"), tmp, this::blobPath);
    }

    /** Where a server's data dir keeps its image store ({@code DATA/images/} is the airgap drop folder). */
    public static Path inDataDir(Path dataDir) {
        return dataDir.resolve("content");
    }

    /** Opens (creating if needed) the store in {@code root}, for this machine's platform. */
    public static OciImageStore open(Path root) throws IOException {
        return open(root, Platform.host());
    }

    /** Opens (creating if needed) the store in {@code root}, resolving indexes to {@code platform}. */
    public static OciImageStore open(Path root, Platform platform) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("snapshots"));
        OciImageStore store = new OciImageStore(dir, platform);
        if (!Files.exists(dir.resolve("oci-layout"))) {
            store.writeAtomically(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
        }
        store.removeAbandonedTemporaries();
        return store;
    }

    /**
     * Removes what a process killed mid-write left in {@code tmp/}: entries untouched for a day, far longer than
     * any write or unpack in progress (which may belong to another process) takes.
     */
    private void removeAbandonedTemporaries() throws IOException {
        java.time.Instant cutoff = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
        try (var entries = Files.list(tmp)) {
            for (Path p : entries.toList()) {
                try {
                    if (Files.getLastModifiedTime(p, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant()
                            .isBefore(cutoff)) {
                        LayerUnpacker.deleteRecursively(p);
                    }
                } catch (IOException e) {
                    LOG.debug("cannot remove the leftover {}: {}", p, e.getMessage());
                }
            }
        }
    }

    public Path root() {
        return root;
    }

    public Platform platform() {
        return platform;
    }

    // ---- blobs

    @Override
    public boolean hasBlob(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override
    public Path blobPath(Digest digest) {
        return blobs.resolve(digest.algorithm()).resolve(digest.hex());
    }

    @Override
    public void putBlob(Digest expected, InputStream content) throws IOException {
        if (hasBlob(expected)) {
            touch(expected);
            return;
        }
        Path part = Files.createTempFile(tmp, expected.hex(), ".part");
        try {
            Digest actual = writeHashing(part, content, expected.algorithm(), expected.jdkAlgorithm());
            if (!actual.equals(expected)) {
                throw new IOException("digest mismatch: expected " + expected + ", the content hashes to " + actual);
            }
            moveIntoPlace(part, blobPath(expected));
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Writes a blob whose digest is not known in advance and returns its sha256 digest. */
    public Digest putBlob(InputStream content) throws IOException {
        Path part = Files.createTempFile(tmp, "blob", ".part");
        try {
            Digest actual = writeHashing(part, content, "sha256", "SHA-256");
            if (hasBlob(actual)) {
                touch(actual);
            } else {
                moveIntoPlace(part, blobPath(actual));
            }
            return actual;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Marks a blob as just written, so that pruning leaves it to the pull or import that wanted it. */
    private void touch(Digest digest) {
        try {
            Files.setLastModifiedTime(blobPath(digest), java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot touch blob {}: {}", digest, e.getMessage());
        }
    }

    /** Writes a small blob (a manifest or config) and returns its digest. */
    public Digest putBlob(byte[] content) throws IOException {
        return putBlob(new java.io.ByteArrayInputStream(content));
    }

    private static Digest writeHashing(Path file, InputStream content, String algorithm, String jdkAlgorithm)
            throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(jdkAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new DigestOutputStream(java.nio.channels.Channels.newOutputStream(channel), md)) {
            content.transferTo(out);
            out.flush();
            channel.force(true);
        }
        return new Digest(algorithm, java.util.HexFormat.of().formatHex(md.digest()));
    }

    private void moveIntoPlace(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the image store needs atomic renames within " + root, e);
        }
    }

    private void writeAtomically(Path target, byte[] content) throws IOException {
        Path part = Files.createTempFile(tmp, target.getFileName().toString(), ".part");
        try {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            moveIntoPlace(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    // ---- reading images

    @Override
    public List<StoredImage> images() {
        Map<Digest, List<IndexEntry>> byDigest = new LinkedHashMap<>();
        for (IndexEntry e : readIndex()) {
            byDigest.computeIfAbsent(e.digest(), d -> new ArrayList<>()).add(e);
        }
        List<StoredImage> result = new ArrayList<>();
        for (var group : byDigest.entrySet()) {
            try {
                result.add(storedImage(group.getKey(), group.getValue()));
            } catch (IOException | RuntimeException e) {
                LOG.warn("image {} in {} cannot be read for {}: {}", group.getKey(), root, platform, e.getMessage());
            }
        }
        return result;
    }

    @Override
    public Optional<StoredImage> image(ImageReference reference) {
        String wanted = reference.toString();
        List<IndexEntry> entries = readIndex();
        Digest top = entries.stream().filter(e -> wanted.equals(e.name())).map(IndexEntry::digest).findFirst()
                .orElse(null);
        try {
            if (top == null && reference.digest() != null) {
                // A digest reference names the image by its repository digest (CRI: repoDigests) or manifest digest.
                for (IndexEntry e : entries) {
                    if (e.name() != null && sameRepository(e.name(), reference)
                            && (e.digest().equals(reference.digest())
                                    || reference.digest().equals(platformManifest(e.digest())))) {
                        top = e.digest();
                        break;
                    }
                }
            }
            if (top == null) {
                return Optional.empty();
            }
            Digest found = top;
            return Optional.of(storedImage(top, entries.stream().filter(e -> e.digest().equals(found)).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException("image " + wanted + " in " + root + " cannot be read", e);
        }
    }

    private static boolean sameRepository(String name, ImageReference reference) {
        try {
            return ImageReference.parse(name).name().equals(reference.name());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private StoredImage storedImage(Digest top, List<IndexEntry> entries) throws IOException {
        Resolved r = resolve(top);
        JsonNode manifest = r.manifest();
        Digest config = Digest.parse(manifest.path("config").path("digest").asString());
        long size = manifest.path("config").path("size").asLong();
        List<Digest> layers = new ArrayList<>();
        for (JsonNode layer : manifest.path("layers")) {
            layers.add(Digest.parse(layer.path("digest").asString()));
            size += layer.path("size").asLong();
        }
        List<String> names = entries.stream().map(IndexEntry::name).filter(n -> n != null).distinct().toList();
        List<String> repoDigests = names.stream().map(n -> ImageReference.parse(n).name() + "@" + top).distinct()
                .toList();
        return new StoredImage(names, r.manifestDigest(), repoDigests, config, imageConfig(readJson(config)),
                layers, size);
    }

    private record Resolved(Digest manifestDigest, JsonNode manifest) {}

    /** Follows an index to this platform's manifest (nested indexes too). */
    private Resolved resolve(Digest digest) throws IOException {
        Digest current = digest;
        for (int depth = 0; depth < 4; depth++) {
            JsonNode node = readJson(current);
            if (!node.has("manifests")) {
                if (!node.has("config") || !node.path("layers").isArray()) {
                    throw new IOException("blob " + current + " is neither an image manifest nor an index");
                }
                return new Resolved(current, node);
            }
            List<JsonNode> candidates = new ArrayList<>();
            node.path("manifests").forEach(candidates::add);
            JsonNode chosen = platform.choose(candidates, OciImageStore::platformOf).orElseThrow(
                    () -> new IOException("no manifest for " + platform + " in the image index " + digest));
            current = Digest.parse(chosen.path("digest").asString());
        }
        throw new IOException("image index " + digest + " nests too deeply");
    }

    private static Platform platformOf(JsonNode descriptor) {
        JsonNode p = descriptor.path("platform");
        return p.isObject() ? new Platform(p.path("os").asString(""), p.path("architecture").asString(""),
                p.path("variant").asString("")) : null;
    }

    private JsonNode readJson(Digest digest) throws IOException {
        JsonNode cached = parsed.get(digest);
        if (cached != null) {
            return cached;
        }
        Path path = blobPath(digest);
        if (Files.size(path) > 4 << 20) {
            throw new IOException("blob " + digest + " is too large for a manifest or config");
        }
        try {
            JsonNode node = json.readTree(Files.readAllBytes(path));
            parsed.put(digest, node);
            return node;
        } catch (JacksonException e) {
            throw new IOException("blob " + digest + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The runtime part of an image config (OCI image-spec config.md). */
    static ImageConfig imageConfig(JsonNode configBlob) {
        JsonNode c = configBlob.path("config");
        return new ImageConfig(strings(c.path("Entrypoint")), strings(c.path("Cmd")), strings(c.path("Env")),
                c.path("WorkingDir").asString(""), c.path("User").asString(""), c.path("StopSignal").asString(""));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    // ---- names

    @Override
    public void tag(ImageReference name, Digest manifestDigest) throws IOException {
        withIndexLock(() -> {
            String mediaType = checkComplete(manifestDigest);
            long size = Files.size(blobPath(manifestDigest));
            String text = name.toString();
            updateIndex(entries -> {
                List<IndexEntry> out = new ArrayList<>();
                for (IndexEntry e : entries) {
                    boolean unnamedSame = e.name() == null && e.digest().equals(manifestDigest);
                    if (!text.equals(e.name()) && !unnamedSame) {
                        out.add(e);
                    }
                }
                out.add(new IndexEntry(mediaType, manifestDigest, size, Map.of(REF_NAME, text)));
                return out;
            });
            return null;
        });
    }

    /** Records an image without a name (listed by digest), unless an entry already has that digest. */
    public void addUnnamed(Digest manifestDigest) throws IOException {
        withIndexLock(() -> {
            String mediaType = checkComplete(manifestDigest);
            long size = Files.size(blobPath(manifestDigest));
            updateIndex(entries -> {
                if (entries.stream().anyMatch(e -> e.digest().equals(manifestDigest))) {
                    return entries;
                }
                List<IndexEntry> out = new ArrayList<>(entries);
                out.add(new IndexEntry(mediaType, manifestDigest, size, Map.of()));
                return out;
            });
            return null;
        });
    }

    /** Checks the manifest (for an index: this platform's) and its config and layers are stored; its media type. */
    private String checkComplete(Digest manifestDigest) throws IOException {
        if (!hasBlob(manifestDigest)) {
            throw new NoSuchFileException("manifest " + manifestDigest + " is not in the image store");
        }
        JsonNode top = readJson(manifestDigest);
        Resolved r = resolve(manifestDigest);
        List<Digest> needed = new ArrayList<>();
        needed.add(Digest.parse(r.manifest().path("config").path("digest").asString()));
        r.manifest().path("layers").forEach(l -> needed.add(Digest.parse(l.path("digest").asString())));
        for (Digest d : needed) {
            if (!hasBlob(d)) {
                throw new NoSuchFileException("blob " + d + " of image " + manifestDigest + " is not in the store");
            }
        }
        String mediaType = top.path("mediaType").asString("");
        if (!mediaType.isEmpty()) {
            return mediaType;
        }
        return top.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }

    @Override
    public void remove(ImageReference name) throws IOException {
        remove(name, Set.of());
    }

    /**
     * Removes a name; blobs and snapshots that no remaining entry uses are removed too, unless the image is in
     * {@code inUse} (digests of images' top-level entries, platform manifests or configs) or one of its layers is the
     * lower directory of a mounted overlay (a container's root filesystem): then it stays as an unnamed image when
     * this was its last name.
     *
     * @return whether the name was present
     */
    public boolean remove(ImageReference name, Set<Digest> inUse) throws IOException {
        String text = name.toString();
        return removeWhere(e -> text.equals(e.name()), inUse);
    }

    /** Removes every name of the images whose top-level, manifest or config digest is {@code id}, as remove does. */
    public boolean removeImage(Digest id, Set<Digest> inUse) throws IOException {
        Set<Digest> tops = new HashSet<>();
        for (IndexEntry e : readIndex()) {
            if (e.digest().equals(id) || identities(e.digest()).contains(id)) {
                tops.add(e.digest());
            }
        }
        return removeWhere(e -> tops.contains(e.digest()), inUse);
    }

    private boolean removeWhere(java.util.function.Predicate<IndexEntry> removed, Set<Digest> inUse)
            throws IOException {
        return withIndexLock(() -> {
            List<IndexEntry> entries = readIndex();
            List<IndexEntry> gone = entries.stream().filter(removed).toList();
            if (gone.isEmpty()) {
                return false;
            }
            List<IndexEntry> kept = new ArrayList<>(entries.stream().filter(removed.negate()).toList());
            Set<Digest> stillReferenced = new HashSet<>();
            for (IndexEntry e : kept) {
                stillReferenced.addAll(closure(e.digest()));
            }
            Set<String> mounted = mountedLowerDirs();
            Set<Digest> garbage = new LinkedHashSet<>();
            for (Digest top : gone.stream().map(IndexEntry::digest).distinct().toList()) {
                if (stillReferenced.contains(top)) {
                    continue;
                }
                if (!java.util.Collections.disjoint(identities(top), inUse) || hasMountedLayer(top, mounted)) {
                    IndexEntry first = gone.stream().filter(e -> e.digest().equals(top)).findFirst().orElseThrow();
                    kept.add(new IndexEntry(first.mediaType(), top, first.size(), Map.of()));
                    stillReferenced.addAll(closure(top));
                    continue;
                }
                garbage.addAll(closure(top));
            }
            garbage.removeAll(stillReferenced);
            updateIndex(unused -> kept);
            for (Digest d : garbage) {
                Files.deleteIfExists(blobPath(d));
                parsed.remove(d);
                unpacker.delete(d);
            }
            return true;
        });
    }

    /**
     * Removes blobs and unpacked layers that no image references and that were written longer than {@code olderThan}
     * ago: what an interrupted pull or a failed import left. Younger ones may belong to a pull still in progress.
     *
     * @return the number of blobs removed
     */
    public int pruneUnreferenced(java.time.Duration olderThan) throws IOException {
        java.time.Instant cutoff = java.time.Instant.now().minus(olderThan);
        return withIndexLock(() -> {
            Set<Digest> referenced = new HashSet<>();
            for (IndexEntry e : readIndex()) {
                referenced.addAll(closure(e.digest()));
            }
            int removed = 0;
            for (String algorithm : List.of("sha256", "sha512")) {
                Path dir = blobs.resolve(algorithm);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                List<Path> files;
                try (var list = Files.list(dir)) {
                    files = list.toList();
                }
                for (Path file : files) {
                    Digest d;
                    try {
                        d = new Digest(algorithm, file.getFileName().toString());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    if (!referenced.contains(d) && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                        parsed.remove(d);
                        unpacker.delete(d);
                        removed++;
                    }
                }
            }
            return removed;
        });
    }

    /**
     * The lower directories of the overlay filesystems mounted in this mount namespace (proc(5) mountinfo): an image
     * with a layer there is in use by a container, whoever asks for the removal.
     */
    private static Set<String> mountedLowerDirs() {
        Set<String> dirs = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                int dash = line.indexOf(" - overlay ");
                if (dash < 0) {
                    continue;
                }
                for (String option : line.substring(dash).split("[ ,]")) {
                    if (option.startsWith("lowerdir=")) {
                        for (String dir : option.substring("lowerdir=".length()).split(":")) {
                            dirs.add(dir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot read the mount table: {}", e.getMessage());
        }
        return dirs;
    }

    private boolean hasMountedLayer(Digest top, Set<String> mountedLowerDirs) {
        if (mountedLowerDirs.isEmpty()) {
            return false;
        }
        try {
            for (JsonNode layer : resolve(top).manifest().path("layers")) {
                Digest d = Digest.parse(layer.path("digest").asString());
                if (mountedLowerDirs.contains(root.resolve("snapshots").resolve(d.hex()).toString())) {
                    return true;
                }
            }
        } catch (IOException e) {
            LOG.debug("image {} cannot be resolved: {}", top, e.getMessage());
        }
        return false;
    }

    /** The digest of this platform's manifest under an index entry; null when it cannot be resolved. */
    private Digest platformManifest(Digest top) {
        try {
            return resolve(top).manifestDigest();
        } catch (IOException | RuntimeException e) {
            LOG.debug("image {} cannot be resolved: {}", top, e.getMessage());
            return null;
        }
    }

    /** An entry's top digest, its platform manifest's digest and its config's digest (what "in use" may name). */
    private Set<Digest> identities(Digest top) {
        Set<Digest> ids = new HashSet<>();
        ids.add(top);
        try {
            Resolved r = resolve(top);
            ids.add(r.manifestDigest());
            ids.add(Digest.parse(r.manifest().path("config").path("digest").asString()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("image {} cannot be resolved: {}", top, e.getMessage());
        }
        return ids;
    }

    /** Every blob present that an index or manifest blob references, itself included. */
    private Set<Digest> closure(Digest digest) {
        Set<Digest> out = new LinkedHashSet<>();
        collect(digest, out, 0);
        return out;
    }

    private void collect(Digest digest, Set<Digest> out, int depth) {
        if (!out.add(digest) || depth > 4 || !hasBlob(digest)) {
            return;
        }
        JsonNode node;
        try {
            node = readJson(digest);
        } catch (IOException e) {
            return;
        }
        for (JsonNode m : node.path("manifests")) {
            collect(Digest.parse(m.path("digest").asString()), out, depth + 1);
        }
        if (node.has("config")) {
            out.add(Digest.parse(node.path("config").path("digest").asString()));
            node.path("layers").forEach(l -> out.add(Digest.parse(l.path("digest").asString())));
        }
    }

    // ---- layers

    @Override
    public List<Path> unpackedLayers(StoredImage image) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Digest layer : image.layers()) {
            dirs.add(unpacker.unpacked(layer));
        }
        return dirs;
    }

    // ---- the filesystem

    /** The capacity and free space of the filesystem holding the store, for image garbage collection. */
    public FileSystemUsage fileSystemUsage() throws IOException {
        FileStore fs = Files.getFileStore(root);
        return new FileSystemUsage(fs.getTotalSpace(), fs.getUsableSpace());
    }

    /** Bytes of a filesystem: its size and what is still available. */
    public record FileSystemUsage(long capacity, long available) {}

    // ---- index.json

    /** One entry of index.json. */
    record IndexEntry(String mediaType, Digest digest, long size, Map<String, String> annotations) {
        String name() {
            return annotations.get(REF_NAME);
        }
    }

    List<IndexEntry> readIndex() {
        Path index = root.resolve("index.json");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(index);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
        List<IndexEntry> entries = new ArrayList<>();
        for (JsonNode m : json.readTree(bytes).path("manifests")) {
            Map<String, String> annotations = new LinkedHashMap<>();
            m.path("annotations").properties().forEach(p -> annotations.put(p.getKey(), p.getValue().asString()));
            entries.add(new IndexEntry(m.path("mediaType").asString(MediaTypes.OCI_MANIFEST),
                    Digest.parse(m.path("digest").asString()), m.path("size").asLong(), annotations));
        }
        return entries;
    }

    private void updateIndex(UnaryOperator<List<IndexEntry>> change) throws IOException {
        List<IndexEntry> entries = change.apply(readIndex());
        ObjectNode index = json.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (IndexEntry e : entries) {
            ObjectNode m = manifests.addObject();
            m.put("mediaType", e.mediaType());
            m.put("digest", e.digest().toString());
            m.put("size", e.size());
            if (!e.annotations().isEmpty()) {
                ObjectNode a = m.putObject("annotations");
                e.annotations().forEach(a::put);
            }
        }
        writeAtomically(root.resolve("index.json"), json.writeValueAsBytes(index));
    }

    /** Runs {@code action} holding this process's lock for the directory and the file lock other processes see. */
    private <T> T withIndexLock(Callable<T> action) throws IOException {
        ReentrantLock local = PROCESS_LOCKS.computeIfAbsent(root, r -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(root.resolve("index.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            return action.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            local.unlock();
        }
    }
}
