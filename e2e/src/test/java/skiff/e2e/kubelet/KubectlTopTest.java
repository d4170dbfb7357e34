package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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
 * 2 s here) and serves metrics.k8s.io; a pod spinning in a shell loop shows a CPU rate, on either runtime. The
 * HPA controller reads the same API: a spinning Deployment is scaled up, and down once its pods idle.
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

    // k/k 1.32 horizontal.go: SuccessfulRescale events; a scale-down window of 0 s lets the test see the way down.
    @Test
    void anAutoscalerScalesASpinningDeploymentUpAndItsIdlePodsBackDown() {
        Kubectl kubectl = new Kubectl(servers.server(RuntimeKind.PROCESS).kubeconfig(), work);
        kubectl.succeed("create", "namespace", "hpa");
        kubectl.succeed("apply", "-n", "hpa", "-f", kubectl.file("burn.yaml", deployment("while :; do :; done")));
        kubectl.succeed("apply", "-n", "hpa", "-f", kubectl.file("hpa.yaml", """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: burn}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: burn}
                  minReplicas: 1
                  maxReplicas: 2
                  metrics:
                  - type: Resource
                    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
                  behavior:
                    scaleDown: {stabilizationWindowSeconds: 0}
                """));

        // One spinning shell takes far more than half its 100m request: up to the maximum.
        await().atMost(Duration.ofSeconds(150)).until(() -> replicas(kubectl).equals("2"));
        assertThat(events(kubectl)).contains(
                "New size: 2; reason: cpu resource utilization (percentage of request) above target");

        // Pods that only wake up once a second use almost nothing: back to the minimum.
        kubectl.succeed("apply", "-n", "hpa", "-f", kubectl.file("burn.yaml",
                deployment("while :; do sleep 1; done")));
        await().atMost(Duration.ofSeconds(240)).until(() -> replicas(kubectl).equals("1"));
        assertThat(events(kubectl)).contains("New size: 1; reason: All metrics below target");
        kubectl.succeed("delete", "namespace", "hpa", "--wait=false");
    }

    private static String deployment(String script) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: burn}
                spec:
                  selector: {matchLabels: {app: burn}}
                  template:
                    metadata: {labels: {app: burn}}
                    spec:
                      terminationGracePeriodSeconds: 0
                      containers:
                      - name: main
                        image: %s
                        command: [sh, -c, "%s"]
                        resources: {requests: {cpu: 100m}}
                """.formatted(TestPod.IMAGE, script);
    }

    private static String replicas(Kubectl kubectl) {
        return kubectl.succeed("get", "deployment", "burn", "-n", "hpa", "-o", "jsonpath={.spec.replicas}")
                .stdout();
    }

    private static String events(Kubectl kubectl) {
        return kubectl.succeed("get", "events", "-n", "hpa", "--field-selector", "reason=SuccessfulRescale", "-o",
                "jsonpath={.items[*].message}").stdout();
    }

    private static long millicores(String line) {
        Matcher m = MILLICORES.matcher(line + " ");
        assertThat(m.find()).as("millicores in %s", line).isTrue();
        return Long.parseLong(m.group(1));
    }
}
