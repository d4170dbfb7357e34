package skiff.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.image.OciImageStore;
import skiff.image.Platform;
import skiff.image.registry.DockerRegistry;
import skiff.image.registry.RegistryClient;
import skiff.image.registry.RegistryConfig;
import skiff.image.registry.TestImageBuilder;
import skiff.image.registry.TestImageBuilder.Image;
import skiff.kubelet.event.EventRecorder;

/** The image manager with the real registry client and store, against docker-registry on loopback. */
class ImageManagerRegistryTest {
    @RegisterExtension
    static final DockerRegistry REGISTRY = new DockerRegistry();

    @TempDir
    Path tmp;

    private final List<String> events = new ArrayList<>();
    private RegistryClient client;
    private ImageManager manager;

    @BeforeEach
    void setUp() throws Exception {
        OciImageStore store = OciImageStore.open(tmp.resolve("store"));
        client = new RegistryClient(store, RegistryConfig.empty(), store.platform(),
                RegistryClient.Timeouts.defaults());
        EventRecorder recorder = (object, type, reason, message) -> events.add(reason + ": " + message);
        manager = new ImageManager(store, client, recorder, new PullBackoff(Clock.system()), Clock.system());
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default")
                .withUid(UUID.randomUUID().toString()).endMetadata().withNewSpec().endSpec().build();
    }

    private static Container container(String image) {
        return new ContainerBuilder().withName("c").withImage(image).withImagePullPolicy("IfNotPresent").build();
    }

    @Test
    void pullsThenFindsTheImagePresent() throws Exception {
        Image image = TestImageBuilder.busybox(Platform.host().architecture(), 1, 1000, 51);
        TestImageBuilder.writeLayout(tmp.resolve("layout"), "t", image.manifest(), image.blobs());
        String repo = "kubelet-" + UUID.randomUUID().toString().substring(0, 8);
        REGISTRY.push(tmp.resolve("layout"), "t", repo + ":v1", false);
        String ref = REGISTRY.host() + "/" + repo + ":v1";

        ImageResult first = manager.ensureImageExists(pod(), container(ref), List.of());
        ImageResult second = manager.ensureImageExists(pod(), container(ref), List.of());

        assertThat(first).isInstanceOfSatisfying(ImageResult.Present.class,
                p -> assertThat(p.image().manifestDigest()).isEqualTo(image.manifest().digest()));
        assertThat(second).isEqualTo(first);
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo("Pulling: Pulling image \"" + ref + "\"");
        assertThat(events.get(1)).matches("Pulled: Successfully pulled image \"" + java.util.regex.Pattern.quote(ref)
                + "\" in [0-9.]+m?s \\([0-9.]+m?s including waiting\\)\\. Image size: " + image.size() + " bytes\\.");
        assertThat(events.get(2)).isEqualTo("Pulled: Container image \"" + ref + "\" already present on machine");
    }

    @Test
    void aMissingImageIsErrImagePullThenImagePullBackOff() {
        String ref = REGISTRY.host() + "/missing-" + UUID.randomUUID().toString().substring(0, 8) + ":v1";
        Pod pod = pod();

        ImageResult first = manager.ensureImageExists(pod, container(ref), List.of());
        ImageResult second = manager.ensureImageExists(pod, container(ref), List.of());

        assertThat(first).isInstanceOfSatisfying(ImageResult.Waiting.class, w -> {
            assertThat(w.reason()).isEqualTo("ErrImagePull");
            assertThat(w.message()).startsWith("failed to pull image \"" + ref + "\": failed to resolve reference \""
                    + ref + "\": " + ref + ": not found");
        });
        assertThat(second).isEqualTo(new ImageResult.Waiting("ImagePullBackOff",
                "Back-off pulling image \"" + ref + "\": ErrImagePull: " + ((ImageResult.Waiting) first).message()));
    }
}
