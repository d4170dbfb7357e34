package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * HorizontalPodAutoscalers through kubectl: {@code kubectl autoscale} posts an autoscaling/v1 autoscaler, {@code get
 * hpa} prints its row from the preferred autoscaling/v2, and {@code describe hpa} shows the HPA controller's
 * conditions. Without usable pod metrics the controller reports ScalingActive False with reason
 * FailedGetResourceMetric and a Warning event of that reason (k/k pkg/controller/podautoscaler/horizontal.go, 1.32).
 */
class HorizontalPodAutoscalerKubectlTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    // The condition message up to the metrics client's own error, which depends on whether metrics.k8s.io is served.
    private static final String UNABLE = "the HPA was unable to compute the replica count: failed to get cpu "
            + "utilization: unable to get metrics for resource cpu: ";

    @TempDir
    static Path work;

    private static SkiffServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled()));
        kubectl = new Kubectl(server.kubeconfig(), work);
        kubectl.succeed("create", "namespace", "hpa");
        kubectl.succeed("create", "deployment", "web", "-n", "hpa", "--image=busybox:1.36");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void autoscaleCreatesAnAutoscalerThatGetAndDescribeShowWithTheMetricsFailure() {
        KubectlResult autoscaled = kubectl.succeed("autoscale", "deployment", "web", "-n", "hpa",
                "--cpu-percent=50", "--min=1", "--max=5");

        assertThat(autoscaled.stdout()).isEqualTo("horizontalpodautoscaler.autoscaling/web autoscaled\n");
        assertThat(kubectl.succeed("get", "horizontalpodautoscalers.v1.autoscaling", "web", "-n", "hpa", "-o",
                "jsonpath={.spec.targetCPUUtilizationPercentage} {.spec.minReplicas} {.spec.maxReplicas}").stdout())
                .isEqualTo("50 1 5");
        assertThat(kubectl.succeed("get", "hpa", "web", "-n", "hpa", "-o",
                "jsonpath={.apiVersion} {.spec.metrics[0].resource.target}").stdout())
                .isEqualTo("autoscaling/v2 {\"averageUtilization\":50,\"type\":\"Utilization\"}");

        await().atMost(DEADLINE).untilAsserted(() -> {
            String table = kubectl.succeed("get", "hpa", "-n", "hpa").stdout();
            assertThat(table.lines().toList().get(0).split("\\s+"))
                    .containsExactly("NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE");
            assertThat(table.lines().toList().get(1)).matches(
                    "web\\s+Deployment/web\\s+cpu: <unknown>/50%\\s+1\\s+5\\s+1\\s+\\S+");
        });
        await().atMost(DEADLINE).untilAsserted(() -> {
            String described = kubectl.succeed("describe", "hpa", "web", "-n", "hpa").stdout();
            assertThat(described).contains("Reference:", "Deployment/web", "Min replicas:", "Max replicas:",
                    "Deployment pods:", "1 current / 0 desired");
            assertThat(described).containsPattern(
                    "AbleToScale\\s+True\\s+SucceededGetScale\\s+the HPA controller was able to get the target's "
                            + "current scale");
            assertThat(described).containsPattern("ScalingActive\\s+False\\s+FailedGetResourceMetric\\s+"
                    + java.util.regex.Pattern.quote(UNABLE));
            assertThat(described).containsPattern("Warning\\s+FailedGetResourceMetric\\s+.*horizontal-pod-autoscaler");
        });
    }
}
