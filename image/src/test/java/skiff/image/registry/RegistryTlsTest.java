package skiff.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import skiff.image.ImageReference;
import skiff.image.Platform;
import skiff.image.registry.RegistryException.Kind;
import skiff.image.registry.TestImageBuilder.Image;

/** HTTPS to the real registry with a certificate from a private CA: trusted with --registry-ca, refused without. */
class RegistryTlsTest {
    @RegisterExtension
    static final DockerRegistry REGISTRY = DockerRegistry.withTls();

    @TempDir
    Path tmp;

    private final FakeImageStore store = new FakeImageStore();
    private Image image;
    private String name;

    @BeforeEach
    void push() throws Exception {
        image = TestImageBuilder.busybox(Platform.host().architecture(), 0, 0, 41);
        TestImageBuilder.writeLayout(tmp.resolve("l"), "t", image.manifest(), image.blobs());
        String repo = "tls-" + UUID.randomUUID().toString().substring(0, 8);
        REGISTRY.push(tmp.resolve("l"), "t", repo + ":v1", false);
        name = REGISTRY.host() + "/" + repo + ":v1";
    }

    @Test
    void theExtraCaIsTrusted() throws Exception {
        try (RegistryClient client = new RegistryClient(store, RegistryConfig.empty().withCaFile(REGISTRY.caFile()))) {
            assertThat(client.pull(ImageReference.parse(name), DockerConfigKeyring.empty()).manifestDigest())
                    .isEqualTo(image.manifest().digest());
        }
    }

    @Test
    void anUntrustedCertificateIsRefusedWithAHint() throws Exception {
        try (RegistryClient client = new RegistryClient(store, RegistryConfig.empty())) {
            assertThatThrownBy(() -> client.pull(ImageReference.parse(name), DockerConfigKeyring.empty()))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageContaining("TLS with " + REGISTRY.host() + " failed")
                    .hasMessageContaining("--registry-ca");
        }
        assertThat(store.tags).isEmpty();
    }
}
