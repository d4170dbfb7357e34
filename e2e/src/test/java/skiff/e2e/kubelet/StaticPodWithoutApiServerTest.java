package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.dns.ClusterDnsOptions;
import skiff.kubelet.Kubelet;
import skiff.kubelet.KubeletConfig;
import skiff.kubelet.runtime.process.ProcessRuntime;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;

/**
 * A kubelet whose API server is not there: its static pods start at once and are restarted by the kubelet alone;
 * once the API server answers, the Node registers and the mirror pods appear with the pods' status.
 */
class StaticPodWithoutApiServerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = "offline-node";

    @TempDir
    Path dir;

    private static long lines(Path file) throws IOException {
        return StaticPodTest.lines(file);
    }

    @Test
    void staticPodsRunWithoutTheApiServerAndAreMirroredOnceItAnswers() throws Exception {
        SkiffServerOptions options = SkiffServerOptions.defaults(dir.resolve("data")).withPort(0)
                .withDns(ClusterDnsOptions.defaults().withListen("127.0.0.1", 0))
                .withStore(StoreKind.EMBEDDED).withKubelet(KubeletOptions.disabled());
        Config config;
        int port;
        try (SkiffServer first = SkiffServer.start(options)) {
            config = first.clientConfig();
            port = first.port();
        }
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Path out = dir.resolve("crasher.out");
        Files.writeString(manifests.resolve("crasher.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata: {name: crasher}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: app
                    image: busybox
                    command: ["sh", "-c", "echo started >> %s; sleep 1; exit 1"]
                """.formatted(out));
        Path root = dir.resolve("kubelet");
        String clusterCa = new String(Base64.getDecoder().decode(config.getCaCertData()), StandardCharsets.UTF_8);
        KubeletConfig kubeletConfig = KubeletConfig.defaults(NODE, root, Clock.system(),
                ProcessRuntime.create(root, Clock.system()), clusterCa).withServerPort(0)
                .withPodManifestPath(manifests);

        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(config)
                        .withOnlyHttpWatches(true).withRequestTimeout(5_000).build()).build();
                Kubelet kubelet = Kubelet.start(kubeletConfig, client)) {
            // Restarted after its exit, with back-off, by the kubelet alone.
            await().atMost(DEADLINE).until(() -> lines(out) >= 2);
            assertThat(kubelet.awaitConnected(Duration.ZERO)).isFalse();

            try (SkiffServer second = SkiffServer.start(options.withPort(port));
                    KubernetesClient admin = second.newClient()) {
                assertThat(kubelet.awaitConnected(DEADLINE)).isTrue();
                assertThat(admin.nodes().withName(NODE).get()).isNotNull();
                Pod mirror = await().atMost(DEADLINE).until(
                        () -> admin.pods().inNamespace("default").withName("crasher-" + NODE).get(),
                        p -> p != null && p.getStatus().getContainerStatuses() != null
                                && !p.getStatus().getContainerStatuses().isEmpty()
                                && p.getStatus().getContainerStatuses().getFirst().getRestartCount() >= 1);
                assertThat(mirror.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror");
                assertThat(mirror.getMetadata().getOwnerReferences().getFirst().getUid())
                        .isEqualTo(admin.nodes().withName(NODE).get().getMetadata().getUid());
            }
        }
    }
}
