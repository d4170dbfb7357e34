package skiff.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.ImageReference;
import skiff.image.OciImageStore;
import skiff.image.Platform;
import skiff.image.StoredImage;
import skiff.image.registry.RegistryException.Kind;
import skiff.image.registry.TestImageBuilder.Blob;
import skiff.image.registry.TestImageBuilder.Image;

/** Pulls from a real registry (Debian's docker-registry, distribution 2.8) on loopback, images pushed by skopeo. */
class RegistryClientTest {
    @RegisterExtension
    static final DockerRegistry REGISTRY = new DockerRegistry();

    private static final String HOST_ARCH = Platform.host().architecture();

    @TempDir
    Path tmp;

    private OciImageStore store;

    @BeforeEach
    void openStore() throws IOException {
        store = OciImageStore.open(tmp.resolve("store"));
    }

    private String push(Image image, String repository) throws Exception {
        Path layout = tmp.resolve("layout-" + UUID.randomUUID());
        TestImageBuilder.writeLayout(layout, "t", image.manifest(), image.blobs());
        String name = repository + "-" + UUID.randomUUID().toString().substring(0, 8);
        REGISTRY.push(layout, "t", name + ":v1", false);
        return REGISTRY.host() + "/" + name;
    }

    private PullResult pull(String reference) throws IOException {
        try (RegistryClient client = new RegistryClient(store, RegistryConfig.empty())) {
            return client.pull(ImageReference.parse(reference), DockerConfigKeyring.empty());
        }
    }

    @Test
    void pullsByTagEveryBlobVerifiedAndNamesTheImage() throws Exception {
        Image image = TestImageBuilder.busybox(HOST_ARCH, 0, 0, 1);
        String name = push(image, "busybox");

        PullResult result = pull(name + ":v1");

        assertThat(result.manifestDigest()).isEqualTo(image.manifest().digest());
        assertThat(result.indexDigest()).isNull();
        assertThat(result.size()).isEqualTo(image.size());
        assertThat(result.bytesDownloaded()).isEqualTo(image.size());
        assertThat(image.blobs()).allMatch(b -> store.hasBlob(b.digest()));
        StoredImage stored = store.image(ImageReference.parse(name + ":v1")).orElseThrow();
        assertThat(stored.manifestDigest()).isEqualTo(image.manifest().digest());
        assertThat(stored.configDigest()).isEqualTo(image.config().digest());
        assertThat(stored.layers()).containsExactlyElementsOf(image.layers().stream().map(Blob::digest).toList());
        assertThat(stored.size()).isEqualTo(image.size());
    }

    @Test
    void pullsByDigestAndSkipsBlobsAlreadyPresent() throws Exception {
        Image image = TestImageBuilder.busybox(HOST_ARCH, 1, 1000, 2);
        String name = push(image, "bydigest");
        PullResult first = pull(name + "@" + image.manifest().digest());
        PullResult again = pull(name + ":v1");

        assertThat(first.bytesDownloaded()).isEqualTo(image.size());
        assertThat(again.bytesDownloaded()).isZero();
        assertThat(store.image(ImageReference.parse(name + "@" + image.manifest().digest()))).get()
                .extracting(StoredImage::manifestDigest).isEqualTo(image.manifest().digest());
    }

    @Test
    void pullsEveryLayerOfAMultiLayerImage() throws Exception {
        Image image = TestImageBuilder.busybox(HOST_ARCH, 3, 200_000, 3);
        String name = push(image, "layers");

        PullResult result = pull(name + ":v1");

        assertThat(image.layers()).hasSize(4);
        assertThat(result.size()).isEqualTo(image.size());
        for (Blob layer : image.layers()) {
            assertThat(Files.readAllBytes(store.blobPath(layer.digest()))).isEqualTo(layer.bytes());
        }
    }

    @Test
    void resolvesAMultiArchIndexToThisNodesPlatform() throws Exception {
        Image amd64 = TestImageBuilder.busybox("amd64", 1, 1000, 4);
        Image arm64 = TestImageBuilder.busybox("arm64", 1, 1000, 5);
        Blob index = TestImageBuilder.index(amd64, arm64);
        List<Blob> all = new ArrayList<>(amd64.blobs());
        all.addAll(arm64.blobs());
        Path layout = tmp.resolve("multi");
        TestImageBuilder.writeLayout(layout, "t", index, all);
        String name = REGISTRY.host() + "/multi-" + UUID.randomUUID().toString().substring(0, 8);
        REGISTRY.push(layout, "t", name.substring(name.indexOf('/') + 1) + ":v1", true);

        PullResult result = pull(name + ":v1");

        Image mine = HOST_ARCH.equals("arm64") ? arm64 : amd64;
        Image other = HOST_ARCH.equals("arm64") ? amd64 : arm64;
        assertThat(result.manifestDigest()).isEqualTo(mine.manifest().digest());
        assertThat(result.indexDigest()).isEqualTo(index.digest());
        assertThat(store.hasBlob(index.digest())).isTrue();
        assertThat(store.hasBlob(mine.config().digest())).isTrue();
        assertThat(store.hasBlob(other.config().digest())).isFalse();
        StoredImage stored = store.image(ImageReference.parse(name + ":v1")).orElseThrow();
        assertThat(stored.manifestDigest()).isEqualTo(mine.manifest().digest());
        assertThat(stored.repoDigests()).containsExactly(name + "@" + index.digest());
    }

    @Test
    void aMissingImageIsNotFound() {
        assertThatThrownBy(() -> pull(REGISTRY.host() + "/nothing-" + UUID.randomUUID() + ":v1"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessageContaining("not found");
        assertThat(store.images()).isEmpty();
    }

    @Test
    void aMissingTagOfAnExistingRepositoryIsNotFound() throws Exception {
        String name = push(TestImageBuilder.busybox(HOST_ARCH, 0, 0, 6), "tags");

        assertThatThrownBy(() -> pull(name + ":nope"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
                .hasMessageContaining("manifest unknown");
    }

    @Test
    void aCorruptedBlobIsADigestErrorAndNothingIsStored() throws Exception {
        Image image = TestImageBuilder.busybox(HOST_ARCH, 1, 5000, 7);
        String name = push(image, "corrupt");
        Blob layer = image.layers().get(1);
        byte[] bad = layer.bytes().clone();
        bad[bad.length / 2] ^= 0x55;
        Files.write(REGISTRY.blobData(layer.digest()), bad);

        assertThatThrownBy(() -> pull(name + ":v1"))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
                .hasMessageContaining(layer.digest().toString()).hasMessageContaining("digest mismatch");
        assertThat(store.hasBlob(layer.digest())).isFalse();
        assertThat(store.hasBlob(image.manifest().digest())).isFalse();
        assertThat(store.images()).isEmpty();
    }

    @Test
    void anUnreachableRegistryIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String ref = "127.0.0.1:" + port + "/gone:v1";
        assertThatThrownBy(() -> pull(ref))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessageContaining("connection refused");
    }
}
