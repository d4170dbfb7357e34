package skiff.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.api.time.FakeClock;
import skiff.image.Digest;
import skiff.image.ImageConfig;
import skiff.image.ImageReference;
import skiff.image.ImageStore;
import skiff.image.StoredImage;
import skiff.image.registry.DockerConfigKeyring;
import skiff.image.registry.PullResult;
import skiff.image.registry.RegistryCredentials;
import skiff.image.registry.RegistryException;
import skiff.kubelet.config.ApiObjects;
import skiff.kubelet.event.EventRecorder;

class ImageManagerTest {
    private static final Digest DIGEST = Digest.parse("sha256:" + "a".repeat(64));

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Images store = new Images();
    private final List<String> events = new ArrayList<>();
    private final EventRecorder recorder = (object, type, reason, message) -> events.add(type + " " + reason + " "
            + message);
    private final List<DockerConfigKeyring> keyrings = new ArrayList<>();
    private RegistryException failure;
    private Duration pullTakes = Duration.ofMillis(1234);

    private final ImageManager manager = new ImageManager(store, (ref, keyring) -> {
        keyrings.add(keyring);
        clock.advance(pullTakes);
        if (failure != null) {
            throw failure;
        }
        store.names.put(ref.toString(), stored(ref));
        return new PullResult(ref, DIGEST, null, 4242, 4242, pullTakes);
    }, recorder, new PullBackoff(clock), clock);

    private static Pod pod() {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-1")
                .endMetadata().withNewSpec().endSpec().build();
    }

    private static Container container(String image, String policy) {
        return new ContainerBuilder().withName("c").withImage(image).withImagePullPolicy(policy).build();
    }

    private static StoredImage stored(ImageReference ref) {
        return new StoredImage(List.of(ref.toString()), DIGEST, List.of(), DIGEST, ImageConfig.empty(), List.of(),
                4242);
    }

    @ParameterizedTest(name = "{0} {1} present={2}")
    @CsvSource({
            "busybox:1.36, IfNotPresent, true,  false",
            "busybox:1.36, IfNotPresent, false, true",
            "busybox:1.36, Always,       true,  true",
            "busybox:1.36, Never,        true,  false",
            "busybox,      '',           true,  true",
            "busybox:latest, '',         true,  true",
            "busybox:1.36, '',           true,  false",
    })
    void thePullPolicyDecides(String image, String policy, boolean present, boolean pulls) {
        if (present) {
            store.names.put(ImageReference.parse(image).toString(), stored(ImageReference.parse(image)));
        }

        ImageResult result = manager.ensureImageExists(pod(), container(image, policy), List.of());

        assertThat(result).isInstanceOf(ImageResult.Present.class);
        assertThat(keyrings).hasSize(pulls ? 1 : 0);
        if (!pulls) {
            assertThat(events).containsExactly("Normal Pulled Container image \"" + image
                    + "\" already present on machine");
        }
    }

    @Test
    void aPullRecordsPullingAndPulledWithDurationAndSize() {
        pullTakes = Duration.ofMillis(1200);
        ImageResult result = manager.ensureImageExists(pod(), container("busybox:1.36", "Always"), List.of());

        assertThat(result).isInstanceOf(ImageResult.Present.class);
        assertThat(events).containsExactly("Normal Pulling Pulling image \"busybox:1.36\"",
                "Normal Pulled Successfully pulled image \"busybox:1.36\" in 1.2s (1.2s including waiting). "
                        + "Image size: 4242 bytes.");
    }

    @Test
    void neverWithoutTheImageIsErrImageNeverPull() {
        ImageResult result = manager.ensureImageExists(pod(), container("busybox:1.36", "Never"), List.of());

        assertThat(result).isEqualTo(new ImageResult.Waiting("ErrImageNeverPull",
                "Container image \"busybox:1.36\" is not present with pull policy of Never"));
        assertThat(events).containsExactly(
                "Warning ErrImageNeverPull Container image \"busybox:1.36\" is not present with pull policy of Never",
                "Warning Failed Error: ErrImageNeverPull");
    }

    @Test
    void anInvalidNameIsInvalidImageName() {
        ImageResult result = manager.ensureImageExists(pod(), container("Busy Box", "Always"), List.of());

        assertThat(result).isInstanceOfSatisfying(ImageResult.Waiting.class, w -> {
            assertThat(w.reason()).isEqualTo("InvalidImageName");
            assertThat(w.message()).startsWith("Failed to apply default image tag \"Busy Box\": couldn't parse image "
                    + "reference \"Busy Box\": invalid reference format");
        });
        assertThat(events.get(0)).startsWith("Warning InspectFailed Failed to apply default image tag");
        assertThat(keyrings).isEmpty();
    }

    @Test
    void aFailedPullIsErrImagePullThenImagePullBackOffUntilTheWindowPasses() {
        failure = new RegistryException(RegistryException.Kind.NOT_FOUND,
                "failed to resolve reference \"docker.io/library/nope:1\": docker.io/library/nope:1: not found");
        pullTakes = Duration.ZERO;
        Container c = container("nope:1", "IfNotPresent");

        ImageResult first = manager.ensureImageExists(pod(), c, List.of());
        assertThat(first).isEqualTo(new ImageResult.Waiting("ErrImagePull", "failed to pull image "
                + "\"docker.io/library/nope:1\": failed to resolve reference \"docker.io/library/nope:1\": "
                + "docker.io/library/nope:1: not found"));
        assertThat(events).containsExactly("Normal Pulling Pulling image \"nope:1\"",
                "Warning Failed Failed to pull image \"nope:1\": " + ((ImageResult.Waiting) first).message(),
                "Warning Failed Error: ErrImagePull");

        events.clear();
        clock.advance(Duration.ofSeconds(9));
        assertThat(manager.ensureImageExists(pod(), c, List.of())).isEqualTo(new ImageResult.Waiting(
                "ImagePullBackOff", "Back-off pulling image \"nope:1\": ErrImagePull: "
                        + ((ImageResult.Waiting) first).message()));
        assertThat(events).containsExactly("Normal BackOff Back-off pulling image \"nope:1\"",
                "Warning Failed Error: ImagePullBackOff");
        assertThat(keyrings).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.ensureImageExists(pod(), c, List.of())).extracting(r -> ((ImageResult.Waiting) r).reason())
                .isEqualTo("ErrImagePull");
        assertThat(keyrings).hasSize(2);
        // The window doubled: 20 s after the second failure.
        clock.advance(Duration.ofSeconds(19));
        assertThat(manager.ensureImageExists(pod(), c, List.of())).extracting(r -> ((ImageResult.Waiting) r).reason())
                .isEqualTo("ImagePullBackOff");
        clock.advance(Duration.ofSeconds(1));
        failure = null;
        assertThat(manager.ensureImageExists(pod(), c, List.of())).isInstanceOf(ImageResult.Present.class);
    }

    @Test
    void theBackoffIsPerPodAndImage() {
        failure = new RegistryException(RegistryException.Kind.UNAVAILABLE, "cannot connect");
        manager.ensureImageExists(pod(), container("nope:1", "Always"), List.of());
        Pod other = pod();
        other.getMetadata().setUid("uid-2");

        manager.ensureImageExists(other, container("nope:1", "Always"), List.of());
        manager.ensureImageExists(pod(), container("nope:2", "Always"), List.of());

        assertThat(keyrings).hasSize(3);
    }

    @Test
    void pullSecretsBecomeTheKeyring() {
        String json = "{\"auths\":{\"registry.example.com\":{\"username\":\"robot\",\"password\":\"pw\"}}}";
        Secret secret = new SecretBuilder().withNewMetadata().withName("regcred").endMetadata()
                .withType("kubernetes.io/dockerconfigjson").withData(Map.of(".dockerconfigjson",
                        Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))).build();
        Pod pod = pod();
        pod.getSpec().setImagePullSecrets(List.of(new io.fabric8.kubernetes.api.model.LocalObjectReference("regcred"),
                new io.fabric8.kubernetes.api.model.LocalObjectReference("missing")));
        PullSecrets secrets = new PullSecrets(new ApiObjects() {
            @Override
            public Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return name.equals("regcred") && namespace.equals("default") ? Optional.of(secret) : Optional.empty();
            }
        }, recorder);

        List<Secret> found = secrets.forPod(pod);
        manager.ensureImageExists(pod, container("registry.example.com/app:1", "Always"), found);

        assertThat(events.get(0)).isEqualTo("Warning FailedToRetrieveImagePullSecret Unable to retrieve some image "
                + "pull secrets (missing); attempting to pull the image may not succeed.");
        assertThat(keyrings.get(0).lookup("registry.example.com/app"))
                .containsExactly(new RegistryCredentials("robot", "pw"));
    }

    @Test
    void goDurationsAsTheEventPrintsThem() {
        assertThat(GoDurations.millis(Duration.ofNanos(313_999_999))).isEqualTo("313ms");
        assertThat(GoDurations.millis(Duration.ofMillis(1200))).isEqualTo("1.2s");
        assertThat(GoDurations.millis(Duration.ofMillis(62_005))).isEqualTo("1m2.005s");
        assertThat(GoDurations.millis(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(GoDurations.millis(Duration.ZERO)).isEqualTo("0s");
    }

    /** Images by name; the fake puller adds to it. */
    private static final class Images implements ImageStore {
        final Map<String, StoredImage> names = new ConcurrentHashMap<>();

        @Override
        public Optional<StoredImage> image(ImageReference reference) {
            return Optional.ofNullable(names.get(reference.toString()));
        }

        @Override
        public List<StoredImage> images() {
            return List.copyOf(names.values());
        }

        @Override
        public boolean hasBlob(Digest digest) {
            return false;
        }

        @Override
        public Path blobPath(Digest digest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putBlob(Digest expected, InputStream content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void tag(ImageReference name, Digest manifestDigest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Path> unpackedLayers(StoredImage image) throws IOException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(ImageReference name) {
            names.remove(name.toString());
        }
    }
}
