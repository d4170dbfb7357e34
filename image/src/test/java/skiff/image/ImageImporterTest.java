package skiff.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.ImageImporter.Imported;
import skiff.image.testing.TestImage;
import skiff.image.testing.TestImages;

class ImageImporterTest {
    @TempDir
    Path dir;

    OciImageStore store;
    ImageImporter importer;
    TestImage image;

    @BeforeEach
    void setUp() throws IOException {
        store = OciImageStore.open(dir.resolve("store"));
        importer = new ImageImporter(store);
        image = TestImages.busybox().cmd("sleep", "3600").file("/etc/motd", "hi").delete("/bin/tar").build();
    }

    @Test
    void anOciArchiveIsImportedUnderItsFullName() throws IOException {
        Path archive = dir.resolve("box.tar.gz");
        image.writeOciArchive(archive, "localhost:5000/box:1");

        List<Imported> imported = importer.importArchive(archive);

        assertThat(imported).containsExactly(new Imported(image.manifestDigest(), List.of("localhost:5000/box:1")));
        StoredImage stored = store.image(ImageReference.parse("localhost:5000/box:1")).orElseThrow();
        assertThat(stored.config().cmd()).containsExactly("sleep", "3600");
        assertThat(store.unpackedLayers(stored)).hasSize(2);
    }

    @Test
    void aZstdCompressedArchiveIsImported() throws IOException {
        Path plain = dir.resolve("box.tar");
        image.writeDockerArchive(plain, "zstd:1");
        Path compressed = dir.resolve("box.tar.zst");
        try (var out = new org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream(
                Files.newOutputStream(compressed))) {
            Files.copy(plain, out);
        }

        assertThat(importer.importArchive(compressed)).singleElement()
                .satisfies(i -> assertThat(i.names()).containsExactly("docker.io/library/zstd:1"));
    }

    @Test
    void anArchiveWithoutANameOrWithABareTagIsKnownByDigest() throws IOException {
        Path unnamed = dir.resolve("unnamed.tar");
        image.writeOciArchive(unnamed, null);
        Path bareTag = dir.resolve("bare.tar");
        TestImages.busybox().cmd("true").build().writeOciArchive(bareTag, "latest");

        assertThat(importer.importArchive(unnamed)).containsExactly(new Imported(image.manifestDigest(), List.of()));
        assertThat(importer.importArchive(bareTag)).singleElement().satisfies(i -> assertThat(i.names()).isEmpty());
        assertThat(store.images()).hasSize(2).allSatisfy(i -> assertThat(i.names()).isEmpty());
    }

    @Test
    void aDockerSaveTarballBecomesAnOciManifestWithItsRepoTags() throws IOException {
        Path archive = dir.resolve("saved.tar");
        image.writeDockerArchive(archive, "busybox:saved", "example.com/team/box:2");

        List<Imported> imported = importer.importArchive(archive);

        assertThat(imported).singleElement().satisfies(i -> assertThat(i.names())
                .containsExactly("docker.io/library/busybox:saved", "example.com/team/box:2"));
        StoredImage stored = store.image(ImageReference.parse("busybox:saved")).orElseThrow();
        assertThat(stored.manifestDigest()).isEqualTo(imported.get(0).digest());
        assertThat(stored.layers()).containsExactlyElementsOf(image.diffIds());
        assertThat(stored.names()).hasSize(2);
        assertThat(Files.readString(store.blobPath(stored.manifestDigest())))
                .contains(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_LAYER + "\"");
        List<Path> layers = store.unpackedLayers(stored);
        assertThat(layers.get(0).resolve("bin/busybox")).isRegularFile();
        assertThat(layers.get(1).resolve("etc/motd")).hasContent("hi");
    }

    @Test
    void archivesWrittenBySkopeoImport() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed");
        Path layout = dir.resolve("layout");
        image.writeOciLayout(layout, "box");
        Path docker = dir.resolve("docker.tar");
        Path oci = dir.resolve("oci.tar");
        skopeo("copy", "oci:" + layout + ":box", "docker-archive:" + docker + ":localhost/sk/docker:1");
        skopeo("copy", "oci:" + layout + ":box", "oci-archive:" + oci + ":localhost/sk/oci:1");

        importer.importArchive(docker);
        importer.importArchive(oci);

        StoredImage fromDocker = store.image(ImageReference.parse("localhost/sk/docker:1")).orElseThrow();
        StoredImage fromOci = store.image(ImageReference.parse("localhost/sk/oci:1")).orElseThrow();
        assertThat(fromDocker.config().cmd()).containsExactly("sleep", "3600");
        assertThat(fromOci.config().cmd()).containsExactly("sleep", "3600");
        assertThat(store.unpackedLayers(fromDocker).get(1).resolve("etc/motd")).hasContent("hi");
        assertThat(store.unpackedLayers(fromOci).get(0).resolve("bin/busybox")).isRegularFile();
    }

    @Test
    void aCorruptBlobOrAFileThatIsNoArchiveIsRefusedClearly() throws Exception {
        Path layout = dir.resolve("layout");
        image.writeOciLayout(layout, "box:1");
        Path blob = layout.resolve("blobs/sha256/" + image.layers().get(1).digest().hex());
        Files.write(blob, "not the layer".getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("corrupt.tar");
        tar(layout, archive);
        Path text = Files.writeString(dir.resolve("notes.tar"), "hello");

        assertThatThrownBy(() -> importer.importArchive(archive)).isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt.tar").hasMessageContaining("digest mismatch");
        assertThatThrownBy(() -> importer.importArchive(text)).isInstanceOf(IOException.class)
                .hasMessageContaining("notes.tar");
        assertThat(store.images()).isEmpty();
    }

    private static void tar(Path dir, Path archive) throws Exception {
        Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", archive.toString(), ".")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
    }

    private static void skopeo(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
