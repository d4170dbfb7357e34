package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import skiff.testing.SkiffExtension;

/**
 * grpc probes against a container process serving the gRPC health protocol (grpc-java's health service, run with
 * this JVM's {@code java} and class path): readiness follows the server's status, liveness restarts it.
 */
class GrpcProbeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The health server as a container: "" (written "-") and "live" are the services it reports on. */
    private ContainerBuilder healthServer(int port) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ContainerBuilder().withName("server").withImage("grpc-health").withCommand(java, "-cp",
                System.getProperty("java.class.path"), GrpcHealthServerMain.class.getName(), Integer.toString(port),
                dir.toString(), "-", "live");
    }

    private static Pod get(KubernetesClient client) {
        return client.pods().inNamespace("default").withName("grpc").get();
    }

    private static String ready(Pod pod) {
        return pod.getStatus().getConditions() == null ? null : pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready")).map(PodCondition::getStatus).findFirst().orElse(null);
    }

    private static ContainerStatus server(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        return statuses == null || statuses.isEmpty() ? null : statuses.getFirst();
    }

    private static List<String> events(KubernetesClient client, String reason) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "grpc".equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .map(Event::getMessage).toList();
    }

    @Test
    void readinessAndLivenessFollowTheHealthServer(KubernetesClient client) throws IOException {
        int port = freePort();
        Files.writeString(dir.resolve("live"), "");
        client.pods().inNamespace("default").resource(TestPod.named("grpc", skiff.nodeName()).container(
                healthServer(port)
                        .withNewStartupProbe().withNewGrpc().withPort(port).withService("live").endGrpc()
                        .withPeriodSeconds(1).withFailureThreshold(60).endStartupProbe()
                        .withNewLivenessProbe().withNewGrpc().withPort(port).withService("live").endGrpc()
                        .withPeriodSeconds(1).withFailureThreshold(1).endLivenessProbe()
                        .withNewReadinessProbe().withNewGrpc().withPort(port).endGrpc()
                        .withPeriodSeconds(1).endReadinessProbe()).build()).create();

        // Started (the "live" service serves) but not ready: the server's own status is NOT_SERVING.
        await().atMost(DEADLINE).until(() -> {
            ContainerStatus s = server(get(client));
            return s != null && Boolean.TRUE.equals(s.getStarted());
        });
        assertThat(ready(get(client))).isEqualTo("False");
        await().atMost(DEADLINE).until(() -> events(client, "Unhealthy").contains(
                "Readiness probe failed: service unhealthy (responded with \"NOT_SERVING\")"));

        Files.writeString(dir.resolve("-"), "");
        await().atMost(DEADLINE).until(() -> "True".equals(ready(get(client))));

        Files.delete(dir.resolve("-"));
        await().atMost(DEADLINE).until(() -> "False".equals(ready(get(client))));
        assertThat(server(get(client)).getRestartCount()).isZero();

        // Liveness: "live" stops serving, the kubelet kills the container and starts it again.
        Files.delete(dir.resolve("live"));
        await().atMost(DEADLINE).until(() -> server(get(client)).getRestartCount() >= 1);
        assertThat(events(client, "Unhealthy"))
                .contains("Liveness probe failed: service unhealthy (responded with \"NOT_SERVING\")");
        client.pods().inNamespace("default").withName("grpc").delete();
    }
}
