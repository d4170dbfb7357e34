package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} through kubectl as Kubernetes 1.32 serves it: the API server's request counters grow with each
 * request, the nonResourceURL {@code /metrics} is for admins and the {@code system:monitoring} group only, the
 * controllers' work queues and the scheduler report in the same process's metrics, and the kubelet's own
 * {@code /metrics} is reached through {@code nodes/NAME/proxy}.
 */
class MetricsKubectlTest {
    @RegisterExtension
    static final SkiffProcessExtension skiff = new SkiffProcessExtension();

    @Test
    void theRequestCountOfConfigMapCreatesGrowsWithACreate(Kubectl kubectl) {
        String ns = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        kubectl.succeed("create", "namespace", ns);
        double before = configMapCreates(kubectl.succeed("get", "--raw", "/metrics").stdout());

        kubectl.succeed("create", "configmap", "settings", "--from-literal=a=b", "-n", ns);

        String after = kubectl.succeed("get", "--raw", "/metrics").stdout();
        assertThat(configMapCreates(after)).isEqualTo(before + 1);
        assertThat(after).contains("# TYPE apiserver_request_duration_seconds histogram")
                .containsPattern("apiserver_storage_objects\\{resource=\"configmaps\"} [1-9]")
                .containsPattern("workqueue_adds_total\\{name=\"serviceaccount\"} [1-9]")
                .containsPattern("scheduler_pending_pods\\{queue=\"active\"} ")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void onlyAdminsAndTheMonitoringGroupMayReadMetrics(Kubectl kubectl) {
        KubectlResult refused = kubectl.run("get", "--raw", "/metrics", "--as=someone");
        KubectlResult monitoring = kubectl.run("get", "--raw", "/metrics", "--as=prometheus",
                "--as-group=system:monitoring");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).isEqualTo("Error from server (Forbidden): forbidden: User \"someone\" cannot get "
                + "path \"/metrics\"\n");
        assertThat(monitoring.exitCode()).isZero();
        assertThat(monitoring.stdout()).contains("# TYPE apiserver_request_total counter");
    }

    @Test
    void theKubeletServesItsMetricsThroughTheNodeProxy(Kubectl kubectl) {
        String node = kubectl.succeed("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}").stdout();

        String metrics = await().atMost(Duration.ofSeconds(30)).until(
                () -> kubectl.succeed("get", "--raw", "/api/v1/nodes/" + node + "/proxy/metrics").stdout(),
                text -> text.contains("kubelet_running_pods"));

        assertThat(metrics).containsPattern("(?m)^kubelet_running_pods \\d")
                .contains("# TYPE kubelet_pod_start_duration_seconds histogram")
                .contains("# TYPE kubelet_running_containers gauge")
                .contains("jvm_threads_current")
                .doesNotContain("apiserver_request_total");
    }

    private static double configMapCreates(String metrics) {
        double total = 0;
        Matcher m = Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)} (\\S+)$").matcher(metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("resource=\"configmaps\"") && labels.contains("verb=\"POST\"")
                    && labels.contains("code=\"201\"") && labels.contains("component=\"apiserver\"")) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
