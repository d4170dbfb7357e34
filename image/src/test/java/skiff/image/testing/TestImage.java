package skiff.image.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import skiff.image.Digest;
import skiff.image.ImageReference;
import skiff.image.MediaTypes;
import skiff.image.OciImageStore;
import skiff.image.StoredImage;
import skiff.image.testing.TestImages.Blob;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A built test image (see {@link TestImages#busybox()}): its OCI manifest, config and layers, and the ways to hand it
 * to the code under test.
 *
 * @param uncompressedLayers the layers' tar bytes, bottom first (what {@code docker save} writes)
 */
public record TestImage(Blob manifest, Blob config, List<Blob> layers, List<Digest> diffIds, String architecture,
        List<byte[]> uncompressedLayers) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public TestImage {
        layers = List.copyOf(layers);
        diffIds = List.copyOf(diffIds);
        uncompressedLayers = List.copyOf(uncompressedLayers);
    }

    public Digest manifestDigest() {
        return manifest.digest();
    }

    /** The image ID, as {@code crictl images} shows it. */
    public Digest configDigest() {
        return config.digest();
    }

    /** Every blob: layers, config, manifest. */
    public List<Blob> blobs() {
        List<Blob> all = new java.util.ArrayList<>(layers);
        all.add(config);
        all.add(manifest);
        return all;
    }

    /** Puts the image's blobs into {@code store} and gives it {@code name}; returns the stored image. */
    public StoredImage putInto(OciImageStore store, String name) {
        try {
            putBlobsInto(store);
            ImageReference ref = ImageReference.parse(name);
            store.tag(ref, manifestDigest());
            return store.image(ref).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts the image's blobs into {@code store} without naming it. */
    public void putBlobsInto(OciImageStore store) throws IOException {
        for (Blob b : blobs()) {
            store.putBlob(b.digest(), new ByteArrayInputStream(b.bytes()));
        }
    }

    /**
     * Writes an OCI image layout into {@code dir} (created if missing), its index naming the manifest
     * {@code refName} in {@code org.opencontainers.image.ref.name} (none when null).
     */
    public void writeOciLayout(Path dir, String refName) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        for (Blob b : blobs()) {
            Files.write(dir.resolve("blobs/sha256").resolve(b.digest().hex()), b.bytes());
        }
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.write(dir.resolve("index.json"), indexJson(refName));
    }

    /**
     * Writes an OCI archive (a tar of an OCI layout, as {@code skopeo copy oci-archive:} writes), naming the image
     * {@code refName} (none when null); gzipped when {@code file} ends in {@code .gz}.
     */
    public void writeOciArchive(Path file, String refName) throws IOException {
        try (Archive a = new Archive(file)) {
            a.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            a.file("index.json", indexJson(refName));
            a.dir("blobs/");
            a.dir("blobs/sha256/");
            for (Blob b : blobs()) {
                a.file("blobs/sha256/" + b.digest().hex(), b.bytes());
            }
        }
    }

    /**
     * Writes a {@code docker save} tarball of the classic form: {@code manifest.json} (Config, RepoTags, Layers),
     * the config as {@code <hex>.json}, each layer uncompressed as {@code <id>/layer.tar}; gzipped when {@code file}
     * ends in {@code .gz}.
     */
    public void writeDockerArchive(Path file, String... repoTags) throws IOException {
        byte[] configBytes = JSON.writeValueAsBytes(JSON.readTree(config.bytes()));
        String configName = TestImages.sha256(configBytes).hex() + ".json";
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Config", configName);
        ArrayNode tags = entry.putArray("RepoTags");
        for (String t : repoTags) {
            tags.add(t);
        }
        ArrayNode layerNames = entry.putArray("Layers");
        try (Archive a = new Archive(file)) {
            a.file(configName, configBytes);
            for (int i = 0; i < uncompressedLayers.size(); i++) {
                String id = diffIds.get(i).hex();
                a.dir(id + "/");
                a.file(id + "/layer.tar", uncompressedLayers.get(i));
                a.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
                layerNames.add(id + "/layer.tar");
            }
            ArrayNode manifestJson = JSON.createArrayNode();
            manifestJson.add(entry);
            a.file("manifest.json", JSON.writeValueAsBytes(manifestJson));
        }
    }

    private byte[] indexJson(String refName) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ObjectNode m = index.putArray("manifests").addObject();
        TestImages.descriptor(m, manifest);
        if (refName != null) {
            m.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        }
        return JSON.writeValueAsBytes(index);
    }

    /** A tar file (gzipped by name) with fixed times and owners. */
    private static final class Archive implements AutoCloseable {
        private final OutputStream file;
        private final TarArchiveOutputStream tar;

        Archive(Path path) throws IOException {
            OutputStream out = Files.newOutputStream(path);
            file = path.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out;
            tar = new TarArchiveOutputStream(file);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        void dir(String name) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(040755);
            put(e, null);
        }

        void file(String name, byte[] content) throws IOException {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setMode(0100644);
            e.setSize(content.length);
            put(e, content);
        }

        private void put(TarArchiveEntry e, byte[] content) throws IOException {
            e.setModTime(TestImages.MTIME_SECONDS * 1000);
            tar.putArchiveEntry(e);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }
}
