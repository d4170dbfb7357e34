package skiff.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports image archives into an {@link OciImageStore}, reading each archive once as a stream (plain, gzip or zstd):
 * <ul>
 * <li>OCI archives, a tar of an OCI image layout ({@code skopeo copy oci-archive:}, {@code docker save} since Docker
 * 25, {@code ctr export}): names from the index's {@code io.containerd.image.name} annotation, else its
 * {@code org.opencontainers.image.ref.name} when that is a full reference rather than a bare tag;</li>
 * <li>classic {@code docker save} tarballs ({@code manifest.json} with Config, RepoTags and Layers): each image gets
 * an OCI manifest written into the store, so every image has an OCI manifest digest.</li>
 * </ul>
 * An image without a name is still imported, known by its digest. Every blob is verified against its digest.
 */
public final class ImageImporter {
    /** containerd's image-name annotation (containerd images/annotations.go). */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

    private static final Logger LOG = LoggerFactory.getLogger(ImageImporter.class);
    private static final Pattern BLOB = Pattern.compile("blobs/(sha256|sha512)/([a-f0-9]+)");
    private static final long SMALL = 4 << 20;

    private final OciImageStore store;
    private final JsonMapper json = JsonMapper.builder().build();

    public ImageImporter(OciImageStore store) {
        this.store = store;
    }

    /** One image an archive held: the digest of its manifest (or index) in the store, and the names it got. */
    public record Imported(Digest digest, List<String> names) {
        public Imported {
            names = List.copyOf(names);
        }
    }

    /** Imports every image of the archive {@code file}. */
    public List<Imported> importArchive(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importArchive(in, file.getFileName().toString());
        }
    }

    /** Imports every image of an archive read from {@code in}; {@code source} names it in errors. */
    public List<Imported> importArchive(InputStream in, String source) throws IOException {
        Contents contents = new Contents();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(LayerUnpacker.decompressed(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                read(tar, entry, contents);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(source + " is not a readable image archive: " + e.getMessage(), e);
        }
        try {
            if (contents.small.containsKey("index.json")) {
                return importOciLayout(contents, source);
            }
            if (contents.small.containsKey("manifest.json")) {
                return importDockerSave(contents, source);
            }
        } catch (JacksonException e) {
            throw new IOException(source + " has invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
        throw new IOException(source + " is neither an OCI archive (index.json) nor a docker save tarball "
                + "(manifest.json)");
    }

    /** What an archive held: blobs put in the store by path, small other files in memory, symlinks. */
    private static final class Contents {
        final Map<String, Digest> blobs = new HashMap<>();
        final Map<String, byte[]> small = new HashMap<>();
        final Map<String, String> links = new HashMap<>();
    }

    private void read(TarArchiveInputStream tar, TarArchiveEntry entry, Contents contents) throws IOException {
        String name = LayerUnpacker.relative(entry.getName());
        if (entry.isSymbolicLink() || entry.isLink()) {
            String target = entry.isLink() ? entry.getLinkName()
                    : Path.of("/" + name).resolveSibling(entry.getLinkName()).normalize().toString();
            contents.links.put(name, LayerUnpacker.relative(target.startsWith("/") ? target.substring(1) : target));
            return;
        }
        if (!entry.isFile()) {
            return;
        }
        Matcher blob = BLOB.matcher(name);
        if (blob.matches()) {
            Digest digest = new Digest(blob.group(1), blob.group(2));
            store.putBlob(digest, tar);
            contents.blobs.put(name, digest);
        } else if (entry.getSize() <= SMALL) {
            contents.small.put(name, tar.readAllBytes());
        } else {
            contents.blobs.put(name, store.putBlob(tar));
        }
    }

    private List<Imported> importOciLayout(Contents contents, String source) throws IOException {
        JsonNode index = json.readTree(contents.small.get("index.json"));
        Map<Digest, Set<String>> names = new java.util.LinkedHashMap<>();
        for (JsonNode m : index.path("manifests")) {
            Digest digest = Digest.parse(m.path("digest").asString());
            Set<String> imageNames = names.computeIfAbsent(digest, d -> new LinkedHashSet<>());
            String name = imageName(m.path("annotations"));
            if (name != null) {
                imageNames.add(name);
            }
        }
        List<Imported> imported = new ArrayList<>();
        for (var e : names.entrySet()) {
            imported.add(record(e.getKey(), new ArrayList<>(e.getValue()), source));
        }
        return imported;
    }

    /** The image's name from an index entry's annotations, normalized; null when it has none. */
    private static String imageName(JsonNode annotations) {
        String name = annotations.path(CONTAINERD_IMAGE_NAME).asString("");
        if (name.isEmpty()) {
            String ref = annotations.path(OciImageStore.REF_NAME).asString("");
            // A bare tag ("latest") names no repository: such an image is known by digest only.
            if (ref.contains("/") || ref.contains(":") || ref.contains("@")) {
                name = ref;
            }
        }
        if (name.isEmpty()) {
            return null;
        }
        try {
            return ImageReference.parse(name).toString();
        } catch (IllegalArgumentException e) {
            LOG.warn("image name {} in an archive is not a valid reference: {}", name, e.getMessage());
            return null;
        }
    }

    private List<Imported> importDockerSave(Contents contents, String source) throws IOException {
        List<Imported> imported = new ArrayList<>();
        for (JsonNode image : json.readTree(contents.small.get("manifest.json"))) {
            Digest config = blob(contents, image.path("Config").asString(""), source);
            ObjectNode manifest = json.createObjectNode();
            manifest.put("schemaVersion", 2);
            manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
            descriptor(manifest.putObject("config"), MediaTypes.OCI_CONFIG, config);
            ArrayNode layers = manifest.putArray("layers");
            for (JsonNode layer : image.path("Layers")) {
                Digest digest = blob(contents, layer.asString(), source);
                descriptor(layers.addObject(), layerMediaType(digest), digest);
            }
            Digest manifestDigest = store.putBlob(json.writeValueAsBytes(manifest));
            List<String> names = new ArrayList<>();
            for (JsonNode tag : image.path("RepoTags")) {
                try {
                    names.add(ImageReference.parse(tag.asString()).toString());
                } catch (IllegalArgumentException e) {
                    LOG.warn("RepoTag {} in {} is not a valid reference: {}", tag.asString(), source, e.getMessage());
                }
            }
            imported.add(record(manifestDigest, names, source));
        }
        return imported;
    }

    private Imported record(Digest digest, List<String> names, String source) throws IOException {
        try {
            if (names.isEmpty()) {
                store.addUnnamed(digest);
            }
            for (String name : names) {
                store.tag(ImageReference.parse(name), digest);
            }
        } catch (IOException e) {
            throw new IOException(source + ": image " + digest + " is incomplete: " + e.getMessage(), e);
        }
        return new Imported(digest, names);
    }

    /** The digest of a file of the archive, following symlinks and storing small files as blobs. */
    private Digest blob(Contents contents, String path, String source) throws IOException {
        String name = LayerUnpacker.relative(path);
        for (int hops = 0; contents.links.containsKey(name) && hops < 8; hops++) {
            name = contents.links.get(name);
        }
        Digest digest = contents.blobs.get(name);
        if (digest == null && contents.small.containsKey(name)) {
            digest = store.putBlob(contents.small.get(name));
            contents.blobs.put(name, digest);
        }
        if (digest == null) {
            throw new IOException(source + " lacks " + path + ", which its manifest.json names");
        }
        return digest;
    }

    private String layerMediaType(Digest layer) throws IOException {
        try (InputStream in = Files.newInputStream(store.blobPath(layer))) {
            byte[] magic = in.readNBytes(4);
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                return MediaTypes.OCI_LAYER_GZIP;
            }
            if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5) {
                return MediaTypes.OCI_LAYER_ZSTD;
            }
            return MediaTypes.OCI_LAYER;
        }
    }

    private void descriptor(ObjectNode node, String mediaType, Digest digest) throws IOException {
        node.put("mediaType", mediaType);
        node.put("digest", digest.toString());
        node.put("size", Files.size(store.blobPath(digest)));
    }
}
