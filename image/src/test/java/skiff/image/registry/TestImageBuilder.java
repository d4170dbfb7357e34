package skiff.image.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import skiff.image.Digest;
import skiff.image.MediaTypes;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Images for the registry tests, built offline: a gzipped layer with {@code /bin/busybox} and {@code sh}, plus
 * optional layers of random bytes; OCI manifests and indexes; OCI image layouts for {@code skopeo copy oci:...}.
 */
public final class TestImageBuilder {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static volatile byte[] busyboxTar;

    private TestImageBuilder() {}

    /** A blob: media type, digest and bytes. */
    public record Blob(String mediaType, Digest digest, byte[] bytes) {
        static Blob of(String mediaType, byte[] bytes) {
            return new Blob(mediaType, sha256(bytes), bytes);
        }
    }

    /** An image: its manifest, config and layers (bottom first). */
    public record Image(Blob manifest, Blob config, List<Blob> layers, String architecture) {
        public List<Blob> blobs() {
            List<Blob> all = new ArrayList<>(layers);
            all.add(config);
            all.add(manifest);
            return all;
        }

        /** Config plus layers, as the manifest gives their sizes. */
        public long size() {
            return config.bytes().length + layers.stream().mapToLong(l -> l.bytes().length).sum();
        }
    }

    /** busybox plus {@code randomLayers} layers of {@code layerBytes} random bytes each, for {@code arch}. */
    public static Image busybox(String arch, int randomLayers, int layerBytes, long seed) {
        List<Blob> layers = new ArrayList<>();
        List<Digest> diffs = new ArrayList<>();
        byte[] base = busyboxTar();
        layers.add(Blob.of("application/vnd.oci.image.layer.v1.tar+gzip", gzip(base)));
        diffs.add(sha256(base));
        Random random = new Random(seed);
        for (int i = 0; i < randomLayers; i++) {
            byte[] content = new byte[layerBytes];
            random.nextBytes(content);
            byte[] t = tar("data/" + i + ".bin", content, false);
            layers.add(Blob.of("application/vnd.oci.image.layer.v1.tar+gzip", gzip(t)));
            diffs.add(sha256(t));
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", arch);
        config.put("os", "linux");
        config.put("created", "2000-01-01T00:00:00Z");
        config.putObject("config").putArray("Cmd").add("sh");
        ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        diffs.forEach(d -> diffIds.add(d.toString()));
        config.put("seed", seed);
        Blob configBlob = Blob.of("application/vnd.oci.image.config.v1+json", JSON.writeValueAsBytes(config));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
        descriptor(manifest.putObject("config"), configBlob);
        ArrayNode ls = manifest.putArray("layers");
        layers.forEach(l -> descriptor(ls.addObject(), l));
        return new Image(Blob.of(MediaTypes.OCI_MANIFEST, JSON.writeValueAsBytes(manifest)), configBlob, layers,
                arch);
    }

    /** An OCI index over {@code images}, each with its architecture as its platform (arm64 with variant v8). */
    public static Blob index(Image... images) {
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (Image image : images) {
            ObjectNode m = manifests.addObject();
            descriptor(m, image.manifest());
            ObjectNode p = m.putObject("platform").put("architecture", image.architecture()).put("os", "linux");
            if (image.architecture().equals("arm64")) {
                p.put("variant", "v8");
            }
        }
        return Blob.of(MediaTypes.OCI_INDEX, JSON.writeValueAsBytes(index));
    }

    /** Writes an OCI image layout in {@code dir} naming {@code top} (a manifest or an index) {@code tag}. */
    public static void writeLayout(Path dir, String tag, Blob top, List<Blob> blobs) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        for (Blob b : blobs) {
            Files.write(dir.resolve("blobs/sha256").resolve(b.digest().hex()), b.bytes());
        }
        Files.write(dir.resolve("blobs/sha256").resolve(top.digest().hex()), top.bytes());
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode m = index.putArray("manifests").addObject();
        descriptor(m, top);
        m.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    private static void descriptor(ObjectNode node, Blob blob) {
        node.put("mediaType", blob.mediaType());
        node.put("digest", blob.digest().toString());
        node.put("size", blob.bytes().length);
    }

    private static byte[] busyboxTar() {
        if (busyboxTar == null) {
            try {
                busyboxTar = tar("bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read /bin/busybox (Debian: busybox-static)", e);
            }
        }
        return busyboxTar;
    }

    private static byte[] tar(String name, byte[] content, boolean withShell) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(buffer)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            String dir = name.substring(0, name.indexOf('/') + 1);
            TarArchiveEntry d = new TarArchiveEntry(dir);
            d.setModTime(946_684_800_000L);
            tar.putArchiveEntry(d);
            tar.closeArchiveEntry();
            TarArchiveEntry f = new TarArchiveEntry(name);
            f.setMode(0100755);
            f.setSize(content.length);
            f.setModTime(946_684_800_000L);
            tar.putArchiveEntry(f);
            tar.write(content);
            tar.closeArchiveEntry();
            if (withShell) {
                TarArchiveEntry sh = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
                sh.setLinkName("busybox");
                sh.setModTime(946_684_800_000L);
                tar.putArchiveEntry(sh);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static Digest sha256(byte[] bytes) {
        try {
            return Digest.sha256(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every blob of several images and indexes, by digest. */
    public static Map<Digest, Blob> byDigest(List<Blob> blobs) {
        Map<Digest, Blob> map = new LinkedHashMap<>();
        blobs.forEach(b -> map.put(b.digest(), b));
        return map;
    }
}
