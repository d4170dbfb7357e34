package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.server.KubeletOptions.RuntimeKind;

/**
 * httpGet and tcpSocket probes on both runtimes, against busybox's httpd in the pod: the kubelet reaches it at the
 * pod's IP (loopback for host processes, the pod's own network namespace under runc). Readiness follows the files the
 * server serves, a failing liveness check restarts the container, and a port nothing listens on yet keeps the pod
 * unready.
 */
class NetworkProbeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = RuntimeServers.NODE;

    @RegisterExtension
    static final RuntimeServers servers = new RuntimeServers();

    @TempDir
    Path www;

    /** A port free on the host: host processes share its network; a runc pod has a namespace of its own. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Pod get(KubernetesClient client, String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static String ready(Pod pod) {
        return pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(PodCondition::getStatus).findFirst().orElse(null);
    }

    private static ContainerStatus first(Pod pod) {
        List<ContainerStatus> statuses = pod == null || pod.getStatus() == null ? null
                : pod.getStatus().getContainerStatuses();
        return statuses == null || statuses.isEmpty() ? null : statuses.getFirst();
    }

    private static boolean running(Pod pod) {
        ContainerStatus s = first(pod);
        return s != null && s.getState().getRunning() != null;
    }

    private static List<String> events(KubernetesClient client, String pod, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .map(Event::getMessage).toList();
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void httpGetProbesFollowWhatTheServerAnswers(RuntimeKind runtime) throws IOException {
        KubernetesClient client = servers.client(runtime);
        int port = freePort();
        Files.writeString(www.resolve("live"), "ok");
        client.pods().inNamespace("default").resource(TestPod.named("web", NODE).gracePeriod(1)
                .hostPath("www", www.toString())
                .container(TestPod.shell("httpd", "exec busybox httpd -f -p " + port + " -h " + TestPod.volume("www"))
                        // Until the server listens, only the startup probe runs: a refused connection is no failed
                        // liveness check.
                        .withNewStartupProbe().withNewHttpGet().withPath("/live").withNewPort(port).endHttpGet()
                        .withPeriodSeconds(1).withFailureThreshold(60).endStartupProbe()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withNewPort(port).endHttpGet()
                        .withPeriodSeconds(1).endReadinessProbe()
                        .withNewLivenessProbe().withNewHttpGet().withPath("/live").withNewPort(port).endHttpGet()
                        .withPeriodSeconds(1).withFailureThreshold(1).endLivenessProbe())
                .build()).create();

        // Serving, but /ready is a 404: running and not ready.
        await().atMost(DEADLINE).until(() -> running(get(client, "web")));
        await().atMost(DEADLINE).until(() -> events(client, "web", "Unhealthy").stream()
                .anyMatch(m -> m.startsWith("Readiness probe failed: HTTP probe failed with statuscode: 404")));
        assertThat(ready(get(client, "web"))).isEqualTo("False");

        Files.writeString(www.resolve("ready"), "ok");
        await().atMost(DEADLINE).until(() -> "True".equals(ready(get(client, "web"))));
        assertThat(first(get(client, "web")).getRestartCount()).isZero();

        // /live goes away: the liveness probe fails and the kubelet restarts the server.
        Files.delete(www.resolve("live"));
        await().atMost(DEADLINE).until(() -> first(get(client, "web")).getRestartCount() >= 1);
        assertThat(events(client, "web", "Unhealthy"))
                .anyMatch(m -> m.startsWith("Liveness probe failed: HTTP probe failed with statuscode: 404"));
        assertThat(events(client, "web", "Killing"))
                .contains("Container httpd failed liveness probe, will be restarted");
        client.pods().inNamespace("default").withName("web").delete();
    }

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void aTcpSocketProbePassesOnceSomethingListens(RuntimeKind runtime) throws IOException {
        KubernetesClient client = servers.client(runtime);
        int port = freePort();
        String flag = TestPod.volume("www") + "/listen";
        client.pods().inNamespace("default").resource(TestPod.named("tcp", NODE).gracePeriod(1)
                .hostPath("www", www.toString())
                .container(TestPod.shell("server", "while [ ! -f " + flag + " ]; do sleep 0.2; done; "
                        + "exec busybox httpd -f -p " + port + " -h " + TestPod.volume("www"))
                        .withNewReadinessProbe().withNewTcpSocket().withNewPort(port).endTcpSocket()
                        .withPeriodSeconds(1).endReadinessProbe())
                .build()).create();

        await().atMost(DEADLINE).until(() -> running(get(client, "tcp")));
        await().atMost(DEADLINE).until(() -> !events(client, "tcp", "Unhealthy").isEmpty());
        assertThat(ready(get(client, "tcp"))).isEqualTo("False");
        assertThat(events(client, "tcp", "Unhealthy")).allMatch(m -> m.startsWith("Readiness probe failed: dial tcp "));

        Files.writeString(www.resolve("listen"), "");
        await().atMost(DEADLINE).until(() -> "True".equals(ready(get(client, "tcp"))));
        client.pods().inNamespace("default").withName("tcp").delete();
    }
}
