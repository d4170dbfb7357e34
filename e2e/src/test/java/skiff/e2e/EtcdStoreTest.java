package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import skiff.store.etcd.EtcdExtension;
import skiff.store.etcd.EtcdServer;
import skiff.testing.CrdManifest;

/**
 * {@code skiff server --store etcd}: kubectl's objects live in a real etcd under kube-apiserver's keys, their
 * resourceVersions are etcd's mod revisions, and a restarted server serves them unchanged. One etcd and one server
 * for the class; the restart comes last.
 */
@ExtendWith(EtcdExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdStoreTest {
    private static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    @TempDir
    static Path dir;

    private static EtcdServer etcd;
    private static SkiffProcess server;
    private static Kubectl kubectl;

    @BeforeAll
    static void startServerOnEtcd(EtcdServer started) {
        etcd = started;
        server = SkiffProcess.start(dir.resolve("data"), etcdArgs());
        kubectl = server.kubectl(dir);
        kubectl.succeed("create", "namespace", "etcd-e2e");
    }

    private static List<String> etcdArgs() {
        return List.of("--store", "etcd", "--etcd-endpoints", etcd.endpoint().toString(), "--no-kubelet");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void aCreatedPodIsStoredUnderItsKubernetesKeyAtItsResourceVersion() throws Exception {
        kubectl.succeed("create", "-n", "etcd-e2e", "-f", kubectl.file("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - {name: main, image: busybox}
                """));

        String resourceVersion = kubectl.succeed("get", "pod", "web", "-n", "etcd-e2e", "-o",
                "jsonpath={.metadata.resourceVersion}").stdout();
        assertThat(etcdctl("get", "--prefix", "/registry", "--keys-only").lines())
                .contains("/registry/pods/etcd-e2e/web", "/registry/namespaces/etcd-e2e");
        assertThat(etcdctl("get", "/registry/pods/etcd-e2e/web", "-w", "fields"))
                .contains("\"ModRevision\" : " + resourceVersion + "\n");
        assertThat(kubectl.succeed("get", "pods", "-n", "etcd-e2e", "-o", "name").stdout()).isEqualTo("pod/web\n");
    }

    @Test
    @Order(2)
    void aWatchSeesChangesAndTheDeletion() {
        kubectl.succeed("create", "configmap", "watched", "-n", "etcd-e2e", "--from-literal=k=1");
        try (KubectlWatch watch = kubectl.watch("get", "configmaps", "watched", "-n", "etcd-e2e", "--watch",
                "--output-watch-events", "-o", "jsonpath={.type} {.object.metadata.name} {.object.data.k}{\"\\n\"}")) {
            assertThat(watch.nextLine(Duration.ofSeconds(30))).isEqualTo("ADDED watched 1");
            kubectl.succeed("patch", "configmap", "watched", "-n", "etcd-e2e", "-p", "{\"data\":{\"k\":\"2\"}}");
            assertThat(watch.nextLine(Duration.ofSeconds(30))).isEqualTo("MODIFIED watched 2");
            kubectl.succeed("delete", "configmap", "watched", "-n", "etcd-e2e");
            assertThat(watch.nextLine(Duration.ofSeconds(30))).isEqualTo("DELETED watched 2");
        }
        assertThat(etcdctl("get", "/registry/configmaps/etcd-e2e/watched", "--keys-only")).isBlank();
    }

    @Test
    @Order(3)
    void deploymentsCustomResourcesAndTheirDefinitionsHaveKubeApiserversKeys() {
        kubectl.succeed("create", "deployment", "app", "-n", "etcd-e2e", "--image=busybox");
        kubectl.succeed("create", "service", "clusterip", "app", "-n", "etcd-e2e", "--tcp=80");
        CustomResources.establish(kubectl, CrdManifest.of("example.com", "widgets", "Widget")
                .schemaVersion("v1", "type: object\nx-kubernetes-preserve-unknown-fields: true\n"));
        CustomResources.applyWhenServed(kubectl, "widget.yaml", """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: gear}
                """, "-n", "etcd-e2e");

        // The keys a Kubernetes 1.32 cluster has for the same objects (k/k default_storage_factory_builder.go,
        // apiextensions-apiserver's CRD storage).
        assertThat(etcdctl("get", "--prefix", "/registry", "--keys-only").lines()).contains(
                "/registry/deployments/etcd-e2e/app",
                "/registry/services/specs/etcd-e2e/app",
                "/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com",
                "/registry/example.com/widgets/etcd-e2e/gear")
                .noneMatch(key -> key.startsWith("/registry/apps/"));
    }

    @Test
    @Order(4)
    void anUnreachableEtcdStopsTheStartWithOneLine() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(SkiffProcess.skiffCommand("server", "--data-dir",
                dir.resolve("unreachable").toString(), "--port", "0", "--no-kubelet", "--store", "etcd",
                "--etcd-endpoints", "http://127.0.0.1:" + closed));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("skiff server: cannot reach etcd at http://127.0.0.1:" + closed + ": ")
                .doesNotContain("Exception").doesNotContain("WARN").doesNotContain("is ready at");
    }

    @Test
    @Order(5)
    void aRestartedServerServesTheSameObjectsAtTheSameResourceVersions() {
        String before = kubectl.succeed("get", "pods,namespaces", "-A", "-o",
                "custom-columns=NAME:.metadata.name,RV:.metadata.resourceVersion,UID:.metadata.uid").stdout();

        server = server.restart();
        kubectl = server.kubectl(dir);

        String after = kubectl.succeed("get", "pods,namespaces", "-A", "-o",
                "custom-columns=NAME:.metadata.name,RV:.metadata.resourceVersion,UID:.metadata.uid").stdout();
        assertThat(after).isEqualTo(before).contains("web");
    }

    private static String etcdctl(String... args) {
        Assumptions.assumeTrue(Files.isExecutable(ETCDCTL) || "true".equals(System.getenv("CI")),
                "etcdctl is missing: install etcd-client");
        List<String> command = new ArrayList<>(List.of(ETCDCTL.toString(), "--endpoints", etcd.endpoint().toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("ETCDCTL_API", "3");
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            return output;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
