package skiff.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.image.ImageReference;
import skiff.image.Platform;
import skiff.image.registry.FakeRegistry.Auth;
import skiff.image.registry.RegistryException.Kind;
import skiff.image.registry.TestImageBuilder.Image;

/** The protocol paths a stock registry does not show: token flow, redirects, shared downloads, mirrors, timeouts. */
class RegistryProtocolTest {
    private static final Image IMAGE = TestImageBuilder.busybox(Platform.host().architecture(), 2, 10_000, 21);

    private final FakeImageStore store = new FakeImageStore();
    private final List<AutoCloseable> closing = new java.util.ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private FakeRegistry registry(Auth auth, String user, String password) throws Exception {
        FakeRegistry r = new FakeRegistry(auth, user, password);
        r.put("team/app", "v1", IMAGE.manifest(), IMAGE.blobs());
        closing.add(r);
        return r;
    }

    private RegistryClient client(RegistryConfig config, RegistryClient.Timeouts timeouts) throws Exception {
        RegistryClient c = new RegistryClient(store, config, Platform.host(), timeouts);
        closing.add(c);
        return c;
    }

    private PullResult pull(FakeRegistry r, DockerConfigKeyring keyring) throws Exception {
        return client(RegistryConfig.empty(), RegistryClient.Timeouts.defaults())
                .pull(ImageReference.parse(r.host() + "/team/app:v1"), keyring);
    }

    @Test
    void anonymousBearerTokenFlow() throws Exception {
        FakeRegistry r = registry(Auth.BEARER, null, null);

        PullResult result = pull(r, DockerConfigKeyring.empty());

        assertThat(result.manifestDigest()).isEqualTo(IMAGE.manifest().digest());
        assertThat(r.tokenGets.get()).isEqualTo(1);
        assertThat(r.seen).filteredOn(s -> s.contains("/blobs/")).allMatch(s -> s.endsWith("Bearer " + tokenOf(r)));
    }

    @Test
    void bearerTokenWithTheSecretsBasicCredentials() throws Exception {
        FakeRegistry r = registry(Auth.BEARER, "robot", "pw");
        DockerConfigKeyring keyring = DockerConfigKeyring.builder()
                .add("https://" + r.host(), new RegistryCredentials("robot", "pw")).build();

        assertThat(pull(r, keyring).manifestDigest()).isEqualTo(IMAGE.manifest().digest());
        assertThatThrownBy(() -> pull(r, DockerConfigKeyring.empty()))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.UNAUTHORIZED))
                .hasMessageContaining("token service").hasMessageContaining("refused an anonymous request");
    }

    @Test
    void basicAuthTriesEachMatchingCredential() throws Exception {
        FakeRegistry r = registry(Auth.BASIC, "robot", "pw");
        DockerConfigKeyring keyring = DockerConfigKeyring.builder()
                .add(r.host() + "/team/app", new RegistryCredentials("robot", "stale"))
                .add(r.host(), new RegistryCredentials("robot", "pw")).build();

        assertThat(pull(r, keyring).manifestDigest()).isEqualTo(IMAGE.manifest().digest());
    }

    @Test
    void blobRedirectsAreFollowedWithoutAuthorizationToAnotherHost() throws Exception {
        FakeRegistry r = registry(Auth.BASIC, "robot", "pw");
        FakeRegistry storage = registry(Auth.NONE, null, null);
        r.redirectBlobsTo = storage.host();

        pull(r, DockerConfigKeyring.builder().add(r.host(), new RegistryCredentials("robot", "pw")).build());

        assertThat(storage.seen).filteredOn(s -> s.startsWith("/blobs/")).hasSize(IMAGE.layers().size() + 1)
                .allMatch(s -> s.endsWith(" "));
        assertThat(store.blobs).containsKeys(IMAGE.layers().get(2).digest());
    }

    @Test
    void concurrentPullsOfOneImageShareOneDownload() throws Exception {
        FakeRegistry r = registry(Auth.NONE, null, null);
        CountDownLatch hold = new CountDownLatch(1);
        r.holdBlobs = hold;
        RegistryClient client = client(RegistryConfig.empty(), RegistryClient.Timeouts.defaults());
        ImageReference ref = ImageReference.parse(r.host() + "/team/app:v1");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        closing.add(threads::shutdownNow);

        CompletableFuture<PullResult> first = CompletableFuture.supplyAsync(() -> pullQuietly(client, ref), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.blobGets.get() > 0);
        CompletableFuture<PullResult> second = CompletableFuture.supplyAsync(() -> pullQuietly(client, ref), threads);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.manifestGets.get() == 2);
        hold.countDown();

        assertThat(first.get().bytesDownloaded() + second.get().bytesDownloaded()).isEqualTo(IMAGE.size());
        assertThat(r.blobGets.get()).isEqualTo(IMAGE.layers().size() + 1);
    }

    private static PullResult pullQuietly(RegistryClient client, ImageReference ref) {
        try {
            return client.pull(ref, DockerConfigKeyring.empty());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aManifestWhoseAnnouncedDigestDiffersIsRefused() throws Exception {
        FakeRegistry r = registry(Auth.NONE, null, null);
        r.wrongManifestDigest = true;

        assertThatThrownBy(() -> pull(r, DockerConfigKeyring.empty()))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.DIGEST_MISMATCH))
                .hasMessageContaining("Docker-Content-Digest says sha256:000");
        assertThat(store.tags).isEmpty();
    }

    @Test
    void mirrorsAreTriedFirstWithTheirRewrites() throws Exception {
        FakeRegistry mirror = new FakeRegistry(Auth.NONE, null, null);
        closing.add(mirror);
        mirror.put("mirrored/team/app", "v1", IMAGE.manifest(), IMAGE.blobs());
        // The image's own registry is a closed loopback port: nothing leaves the machine, even if the mirror failed.
        RegistryConfig config = new RegistryConfig(Map.of("127.0.0.1:1", new RegistryConfig.Mirror(
                List.of("http://" + mirror.host()), Map.of("^team/(.*)", "mirrored/team/$1"))), Map.of(), Set.of(),
                List.of());

        PullResult result = client(config, RegistryClient.Timeouts.defaults())
                .pull(ImageReference.parse("127.0.0.1:1/team/app:v1"), DockerConfigKeyring.empty());

        assertThat(result.manifestDigest()).isEqualTo(IMAGE.manifest().digest());
        assertThat(store.tags).containsKey("127.0.0.1:1/team/app:v1");
    }

    @Test
    void aRegistryThatDoesNotAnswerTimesOut() throws Exception {
        FakeRegistry r = registry(Auth.NONE, null, null);
        CountDownLatch never = new CountDownLatch(1);
        r.holdBlobs = never;
        RegistryClient client = client(RegistryConfig.empty(), new RegistryClient.Timeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(1)));
        try {
            assertThatThrownBy(() -> client.pull(ImageReference.parse(r.host() + "/team/app:v1"),
                    DockerConfigKeyring.empty()))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageContaining("timed out");
        } finally {
            never.countDown();
        }
    }

    @Test
    void aBlobWhoseBodyStopsTimesOutAndNothingIsStored() throws Exception {
        FakeRegistry r = registry(Auth.NONE, null, null);
        CountDownLatch stall = new CountDownLatch(1);
        r.stallBlobBodies = stall;
        RegistryClient client = client(RegistryConfig.empty(), new RegistryClient.Timeouts(Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(1)));
        try {
            assertThatThrownBy(() -> client.pull(ImageReference.parse(r.host() + "/team/app:v1"),
                    DockerConfigKeyring.empty()))
                    .isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageContaining("no data for 1s");
        } finally {
            stall.countDown();
        }
        assertThat(store.blobs).isEmpty();
        assertThat(store.tags).isEmpty();
    }

    private static String tokenOf(FakeRegistry r) {
        String bearer = r.seen.stream().filter(s -> s.contains("Bearer ")).findFirst().orElseThrow();
        return bearer.substring(bearer.indexOf("Bearer ") + 7);
    }
}
