package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.api.json.Json;
import skiff.e2e.Kubectl;
import skiff.e2e.KubectlResult;
import skiff.server.KubeletOptions.RuntimeKind;
import tools.jackson.databind.JsonNode;

/**
 * {@code kubectl top} without metrics-server: the API server scrapes the kubelet's {@code /metrics/resource} (every
 * 2 s here) and serves metrics.k8s.io; a pod spinning in a shell loop shows a CPU rate, on either runtime.
 */
class KubectlTopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String NODE = RuntimeServers.NODE;
    private static final Pattern MILLICORES = Pattern.compile("\\s(\\d+)m\\s");

    @RegisterExtension
    static final RuntimeServers servers =
            RuntimeServers.withOptions(o -> o.withMetricResolution(Duration.ofSeconds(2)));

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(names = {"PROCESS", "RUNC"})
    void topShowsABusyPodsCpuAndTheNodes(RuntimeKind runtime) {
        Kubectl kubectl = new Kubectl(servers.server(runtime).kubeconfig(), work);
        kubectl.succeed("apply", "-f", kubectl.file("busy.yaml", """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: busy
                  labels: {app: busy}
                spec:
                  nodeName: %s
                  terminationGracePeriodSeconds: 0
                  containers:
                  - name: spin
                    image: %s
                    command: [sh, -c, "while :; do :; done"]
                """.formatted(NODE, TestPod.IMAGE)));

        KubectlResult pods = await().atMost(DEADLINE).until(() -> kubectl.run("top", "pods", "--containers"),
                r -> r.succeeded() && r.stdout().contains("busy"));
        String line = pods.stdout().lines().filter(l -> l.startsWith("busy")).findFirst().orElseThrow();
        assertThat(line.split("\\s+")).startsWith("busy", "spin");
        assertThat(millicores(line)).isGreaterThan(50);

        KubectlResult nodes = await().atMost(DEADLINE).until(() -> kubectl.run("top", "nodes"),
                r -> r.succeeded() && r.stdout().contains(NODE));
        assertThat(nodes.stdout().lines().findFirst().orElseThrow().split("\\s+"))
                .containsExactly("NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)");
        assertThat(millicores(nodes.stdout().lines().filter(l -> l.startsWith(NODE)).findFirst().orElseThrow()))
                .isGreaterThan(50);

        assertThat(kubectl.succeed("top", "pods", "-l", "app=busy").stdout()).contains("busy");
        assertThat(kubectl.run("top", "pods", "-l", "app=other").stderr())
                .contains("No resources found in default namespace.");

        assertThat(kubectl.succeed("get", "pods.metrics.k8s.io").stdout().lines().map(l -> l.split("\\s+")[0]))
                .containsExactly("NAME", "busy");
        assertThat(kubectl.succeed("get", "nodes.metrics.k8s.io").stdout().lines().findFirst().orElseThrow()
                .split("\\s+")).containsExactly("NAME", "CPU", "MEMORY", "WINDOW");

        JsonNode pod = Json.parse(kubectl.succeed("get", "--raw",
                "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy").stdout().getBytes());
        assertThat(pod.path("kind").asString()).isEqualTo("PodMetrics");
        assertThat(pod.path("metadata").path("labels").path("app").asString()).isEqualTo("busy");
        assertThat(pod.path("window").asString()).endsWith("s");
        assertThat(pod.path("containers").get(0).path("name").asString()).isEqualTo("spin");
        assertThat(pod.path("containers").get(0).path("usage").path("memory").asString()).isNotEmpty();
        JsonNode nodeList = Json.parse(kubectl.succeed("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes")
                .stdout().getBytes());
        assertThat(nodeList.path("kind").asString()).isEqualTo("NodeMetricsList");
        assertThat(nodeList.path("items").get(0).path("metadata").path("name").asString()).isEqualTo(NODE);

        assertThat(kubectl.run("get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/missing")
                .stderr()).contains("pods \"missing\" not found");
        assertThat(kubectl.run("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/missing").stderr())
                .contains("node \"missing\" not found");
        kubectl.succeed("delete", "pod", "busy", "--wait=false");
    }

    private static long millicores(String line) {
        Matcher m = MILLICORES.matcher(line + " ");
        assertThat(m.find()).as("millicores in %s", line).isTrue();
        return Long.parseLong(m.group(1));
    }
}
