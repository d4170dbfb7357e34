package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * A server stopped with SIGTERM and started again on the same data directory serves the same objects. The objects
 * are created, the server restarted once, and each test checks one thing about the restarted server.
 */
class RestartTest {
    private static final String NS = "kept";

    @TempDir
    static Path dir;

    private static SkiffProcess server;
    private static String firstUrl;
    private static String firstServerOutput;
    private static JsonNode objectsBefore;
    private static String kubeconfigBefore;

    @BeforeAll
    static void createObjectsThenRestart() throws IOException {
        server = SkiffProcess.start(dir.resolve("data"));
        Kubectl kubectl = server.kubectl(dir);
        kubectl.succeed("create", "namespace", NS);
        kubectl.succeed("create", "-n", NS, "-f", kubectl.file("objects.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, labels: {app: kept}}
                data: {color: blue}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: worker}
                spec:
                  containers:
                  - {name: main, image: busybox}
                ---
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: workers}
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: workers}
                  template:
                    metadata:
                      labels: {app: workers}
                    spec:
                      containers:
                      - {name: main, image: busybox}
                """));
        kubectl.succeed("label", "configmap", "settings", "-n", NS, "changed=yes");
        // The ReplicaSet's pods are part of what must come back: wait until its controller has created them.
        await().atMost(Duration.ofSeconds(60)).until(() -> kubectl.succeed("get", "pods", "-n", NS, "-l",
                "app=workers", "-o", "name").stdout().lines().count() == 2);
        objectsBefore = everythingIn(kubectl);
        kubeconfigBefore = Files.readString(server.kubeconfig()).replace(server.url(), "URL");

        firstUrl = server.url();
        server.stop();
        firstServerOutput = server.output();
        server = server.restart();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sigtermShutsTheServerDownThroughItsShutdownHook() {
        assertThat(firstServerOutput).contains("stopped url=" + firstUrl);
    }

    @Test
    void objectsComeBackWithTheirUidResourceVersionAndContent() {
        JsonNode objectsAfter = everythingIn(server.kubectl(dir));

        assertThat(identities(objectsAfter)).isEqualTo(identities(objectsBefore));
        assertThat(objectsAfter).isEqualTo(objectsBefore);
    }

    @Test
    void writesAfterTheRestartGetHigherResourceVersions() {
        Kubectl kubectl = server.kubectl(dir);
        long newestBefore = identities(objectsBefore).stream().mapToLong(Identity::resourceVersion).max()
                .orElseThrow();

        kubectl.succeed("label", "configmap", "settings", "-n", NS, "changed=again", "--overwrite");
        kubectl.succeed("create", "-n", NS, "-f", kubectl.file("new.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: newcomer}
                """));

        assertThat(resourceVersion(kubectl, "settings")).isGreaterThan(newestBefore);
        assertThat(resourceVersion(kubectl, "newcomer")).isGreaterThan(resourceVersion(kubectl, "settings"));
    }

    @Test
    void theCredentialsStayTheSameAndOnlyTheUrlInTheKubeconfigChanges() throws IOException {
        String kubeconfigAfter = Files.readString(server.kubeconfig()).replace(server.url(), "URL");

        assertThat(kubeconfigAfter).isEqualTo(kubeconfigBefore);
    }

    @Test
    void theSystemNamespacesAreNotCreatedTwice() {
        KubectlTable namespaces = KubectlTable.parse(server.kubectl(dir).succeed("get", "namespaces").stdout());

        assertThat(namespaces.column("NAME")).containsExactly("default", NS, "kube-node-lease", "kube-public",
                "kube-system");
    }

    record Identity(String kind, String name, String uid, long resourceVersion) {}

    private static List<Identity> identities(JsonNode list) {
        return list.path("items").valueStream().map(o -> new Identity(o.path("kind").asString(),
                o.path("metadata").path("name").asString(), o.path("metadata").path("uid").asString(),
                Long.parseLong(o.path("metadata").path("resourceVersion").asString()))).toList();
    }

    private static JsonNode everythingIn(Kubectl kubectl) {
        return Json.parse(kubectl.succeed("get", "configmaps,pods,replicasets", "-n", NS, "-o", "json")
                .stdout().getBytes());
    }

    private static long resourceVersion(Kubectl kubectl, String configMap) {
        return Long.parseLong(kubectl.succeed("get", "configmap", configMap, "-n", NS, "-o",
                "jsonpath={.metadata.resourceVersion}").stdout());
    }
}
