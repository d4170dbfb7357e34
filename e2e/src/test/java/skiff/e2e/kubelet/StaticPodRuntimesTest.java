package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.kubelet.StaticPodTest.lines;
import static skiff.e2e.kubelet.StaticPodTest.processRuns;
import static skiff.e2e.kubelet.StaticPodTest.writeManifest;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.server.KubeletOptions.RuntimeKind;

/**
 * Static pods on both runtimes: a manifest in the kubelet's directory runs as a pod of the node, mirrored into the
 * API; deleting the mirror leaves the container running, removing the manifest stops it and deletes the mirror.
 * ({@link StaticPodTest} covers the rest through the real {@code skiff server} and kubectl on the process runtime.)
 */
class StaticPodRuntimesTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = RuntimeServers.NODE;

    @RegisterExtension
    static final RuntimeServers servers = RuntimeServers.withStaticPods();

    @TempDir
    Path work;

    private static Pod mirror(KubernetesClient client, String name) {
        return client.pods().inNamespace("default").withName(name + "-" + NODE).get();
    }

    private static ContainerStatus container(Pod pod) {
        return pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                || pod.getStatus().getContainerStatuses().isEmpty() ? null
                : pod.getStatus().getContainerStatuses().getFirst();
    }

    private static boolean running(Pod pod) {
        ContainerStatus c = container(pod);
        return c != null && "Running".equals(pod.getStatus().getPhase()) && c.getState().getRunning() != null;
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aManifestRunsMirroredUntilItIsRemoved(RuntimeKind runtime) throws IOException {
        KubernetesClient client = servers.client(runtime);
        Path manifests = servers.manifests(runtime);
        // A marker of this run on the container's command line, to find its processes on the host.
        String marker = "static-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        Pod pod = TestPod.named("ticker", NODE).gracePeriod(1).hostPath("work", work.toString())
                .container("app", "while true; do echo " + marker + " >> " + TestPod.volume("work")
                        + "/ticker.out; sleep 0.2; done").build();
        writeManifest(manifests, "ticker.yaml", Serialization.asYaml(pod));

        Pod first = await().atMost(DEADLINE).until(() -> mirror(client, "ticker"), StaticPodRuntimesTest::running);
        assertThat(first.getMetadata().getAnnotations()).containsKey("kubernetes.io/config.mirror");
        assertThat(container(first).getContainerID())
                .startsWith(runtime == RuntimeKind.RUNC ? "runc://" : "process://");
        Path out = work.resolve("ticker.out");
        await().atMost(DEADLINE).until(() -> lines(out) > 0);

        // The mirror is only the API's copy: deleting it leaves the container running, and it comes back.
        client.pods().inNamespace("default").withName("ticker-" + NODE).delete();
        Pod second = await().atMost(DEADLINE).until(() -> mirror(client, "ticker"), p -> running(p)
                && !p.getMetadata().getUid().equals(first.getMetadata().getUid()));
        assertThat(container(second).getContainerID()).isEqualTo(container(first).getContainerID());
        assertThat(container(second).getRestartCount()).isZero();
        long written = lines(out);
        await().atMost(DEADLINE).until(() -> lines(out) > written);

        // The manifest goes: the pod stops and its mirror is deleted.
        Files.delete(manifests.resolve("ticker.yaml"));
        await().atMost(DEADLINE).until(() -> mirror(client, "ticker") == null);
        await().atMost(DEADLINE).until(() -> !processRuns(marker));
        await().atMost(DEADLINE).until(() -> servers.server(runtime).kubelet().orElseThrow().runtime().sandboxes()
                .isEmpty());
    }
}
