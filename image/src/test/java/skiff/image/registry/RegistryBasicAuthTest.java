package skiff.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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

/** Basic auth against the real registry with an htpasswd file (bcrypt), credentials from a dockerconfigjson. */
class RegistryBasicAuthTest {
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();

    @RegisterExtension
    static final DockerRegistry REGISTRY = new DockerRegistry("puller", PASSWORD);

    @TempDir
    Path tmp;

    private final FakeImageStore store = new FakeImageStore();
    private Image image;
    private String name;

    @BeforeEach
    void push() throws Exception {
        image = TestImageBuilder.busybox(Platform.host().architecture(), 0, 0, 11);
        TestImageBuilder.writeLayout(tmp.resolve("l"), "t", image.manifest(), image.blobs());
        String repo = "private-" + UUID.randomUUID().toString().substring(0, 8);
        REGISTRY.push(tmp.resolve("l"), "t", repo + ":v1", false);
        name = REGISTRY.host() + "/" + repo + ":v1";
    }

    private PullResult pull(DockerConfigKeyring keyring) throws Exception {
        try (RegistryClient client = new RegistryClient(store, RegistryConfig.empty())) {
            return client.pull(ImageReference.parse(name), keyring);
        }
    }

    @Test
    void pullsWithTheSecretsCredentials() throws Exception {
        String json = "{\"auths\":{\"http://" + REGISTRY.host() + "/v2/\":{\"username\":\"puller\",\"password\":\""
                + PASSWORD + "\"}}}";

        PullResult result = pull(DockerConfigKeyring.builder().add(json.getBytes(StandardCharsets.UTF_8)).build());

        assertThat(result.manifestDigest()).isEqualTo(image.manifest().digest());
    }

    @Test
    void withoutCredentialsIsUnauthorized() {
        assertThatThrownBy(() -> pull(DockerConfigKeyring.empty()))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
                .hasMessageContaining("unauthorized");
    }

    @Test
    void aWrongPasswordIsUnauthorized() {
        DockerConfigKeyring keyring = DockerConfigKeyring.builder()
                .add(REGISTRY.host(), new RegistryCredentials("puller", "wrong")).build();
        assertThatThrownBy(() -> pull(keyring))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
                .hasMessageContaining("credentials of puller refused");
        assertThat(store.tags).isEmpty();
    }
}
