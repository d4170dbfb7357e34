package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.server.KubeletOptions.RuntimeKind;

/**
 * grpc probes on both runtimes against a container process serving the gRPC health protocol (grpc-java's health
 * service, run with this JVM's {@code java} and class path): readiness follows the server's status, liveness restarts
 * it. Under runc the server runs in the pod's network namespace from the busybox image, the JDK, the shared libraries
 * it links and its class path given to the container as read-only hostPath volumes at their host paths (no image of
 * a gRPC server is built here: that would need a JDK or a gRPC library for a static binary in the image); the
 * kubelet reaches it at the pod's IP.
 */
class GrpcProbeTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = RuntimeServers.NODE;

    @RegisterExtension
    static final RuntimeServers servers = new RuntimeServers();

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * This JVM's class path, a manifest-only jar (as surefire starts tests) replaced by what its manifest lists, so
     * that a container can be given the directories it names.
     */
    private static List<Path> classPath() throws IOException {
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            String listed = null;
            if (path.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    Manifest manifest = jar.getManifest();
                    listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                }
            }
            if (listed == null) {
                entries.add(path);
                continue;
            }
            for (String url : listed.trim().split("\\s+")) {
                entries.add(Path.of(path.getParent().toUri().resolve(url)));
            }
        }
        return entries;
    }

    /**
     * What the server's JVM reads, as directories to mount at the same path: the JDK and the host's libraries
     * (under /usr, reached through /lib and /lib64 as well) and the roots of the class path (its entries' first three
     * path components, e.g. the Maven repository and this checkout); none inside another.
     */
    private static List<Path> jvmDirectories(List<Path> classPath) {
        Set<Path> dirs = new TreeSet<>(List.of(Path.of(System.getProperty("java.home")), Path.of("/usr/lib"),
                Path.of("/usr/lib64"), Path.of("/lib"), Path.of("/lib64")));
        for (Path p : classPath) {
            dirs.add(p.getRoot().resolve(p.subpath(0, Math.min(3, p.getNameCount() - 1))));
        }
        return dirs.stream().filter(Files::isDirectory)
                .filter(d -> dirs.stream().noneMatch(o -> !o.equals(d) && d.startsWith(o))).toList();
    }

    /** The health server's pod: "" (written "-") and "live" are the services it reports on, by files in dir. */
    private Pod healthServer(int port, UnaryOperator<ContainerBuilder> probes) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Path> classPath = classPath();
        ContainerBuilder server = new ContainerBuilder().withName("server").withImage(TestPod.IMAGE)
                .withCommand(java, "-cp", classPath.stream().map(Path::toString)
                        .collect(Collectors.joining(File.pathSeparator)),
                        GrpcHealthServerMain.class.getName(), Integer.toString(port), dir.toString(), "-", "live")
                .addNewVolumeMount().withName("status").withMountPath(dir.toString()).endVolumeMount();
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("grpc").endMetadata().withNewSpec()
                .withNodeName(NODE).withTerminationGracePeriodSeconds(1L).addNewVolume().withName("status")
                .withNewHostPath().withPath(dir.toString()).endHostPath().endVolume().endSpec();
        int i = 0;
        for (Path d : jvmDirectories(classPath)) {
            String name = "jvm" + i++;
            pod.editSpec().addNewVolume().withName(name).withNewHostPath().withPath(d.toString()).endHostPath()
                    .endVolume().endSpec();
            server.addNewVolumeMount().withName(name).withMountPath(d.toString()).withReadOnly(true)
                    .endVolumeMount();
        }
        return pod.editSpec().withContainers(probes.apply(server).build()).endSpec().build();
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

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void readinessAndLivenessFollowTheHealthServer(RuntimeKind runtime) throws IOException {
        KubernetesClient client = servers.client(runtime);
        int port = freePort();
        Files.writeString(dir.resolve("live"), "");
        client.pods().inNamespace("default").resource(healthServer(port, server -> server
                        .withNewStartupProbe().withNewGrpc().withPort(port).withService("live").endGrpc()
                        .withPeriodSeconds(1).withFailureThreshold(60).endStartupProbe()
                        .withNewLivenessProbe().withNewGrpc().withPort(port).withService("live").endGrpc()
                        .withPeriodSeconds(1).withFailureThreshold(1).endLivenessProbe()
                        .withNewReadinessProbe().withNewGrpc().withPort(port).endGrpc()
                        .withPeriodSeconds(1).endReadinessProbe())).create();

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
