package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.selector.LabelSelector;
import skiff.api.time.FakeClock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;
import skiff.controllers.podautoscaler.ApiTargetScales;
import skiff.controllers.podautoscaler.HorizontalOptions;
import skiff.controllers.podautoscaler.HorizontalSync;
import skiff.controllers.podautoscaler.PodMetric;
import skiff.controllers.podautoscaler.PodMetricsSource;
import skiff.controllers.podautoscaler.ResourceMetrics;
import skiff.testing.SkiffExtension;

/**
 * The HPA controller's sync against a real API server, on a fake clock, with the pods' cpu usage given by a fake
 * metrics source: a Deployment is scaled up through its /scale subresource, then held while the higher
 * recommendation is within the downscale stabilization window, then scaled down once it has left. The Deployment and
 * ReplicaSet controllers make the pods; no scheduler or kubelet runs, so the test reports them running and
 * ready.
 */
class HorizontalPodAutoscalerControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String NS = "hpa-sync";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("horizontalpodautoscaling", "scheduler").build();

    private static KubernetesClient client;
    private final FakeClock clock = new FakeClock(Instant.now().minusSeconds(3600));
    // Each pod's cpu usage in millicores, as the fake metrics API reports it.
    private final Map<String, Long> usage = new ConcurrentHashMap<>();

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(NS).endMetadata().build()).create();
    }

    @Test
    void scalesADeploymentUpThenDownOnceTheStabilizationWindowHasPassed() {
        client.apps().deployments().inNamespace(NS).resource(deployment()).create();
        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS)
                .resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("web").endMetadata()
                        .withNewSpec().withNewScaleTargetRef("apps/v1", "Deployment", "web").withMinReplicas(1)
                        .withMaxReplicas(5).addNewMetric().withType("Resource").withNewResource().withName("cpu")
                        .withNewTarget().withType("Utilization").withAverageUtilization(50).endTarget()
                        .endResource().endMetric().endSpec().build()).create();
        EventRecorder events = EventRecorder.forApi(client, clock, "horizontal-pod-autoscaler");
        HorizontalSync sync = new HorizontalSync(new ApiCaches(), new FakeMetrics(),
                new ApiTargetScales(client), h -> client.autoscaling().v2().horizontalPodAutoscalers()
                        .inNamespace(NS).resource(h).updateStatus(),
                events, clock, HorizontalOptions.defaults());

        readyPods(1, 150);
        assertThat(sync.sync(NS + "/web")).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(15)));

        assertThat(replicas()).isEqualTo(3);
        HorizontalPodAutoscaler up = get();
        assertThat(up.getStatus().getCurrentReplicas()).isEqualTo(1);
        assertThat(up.getStatus().getDesiredReplicas()).isEqualTo(3);
        assertThat(up.getStatus().getLastScaleTime()).isEqualTo(seconds(clock.now()));
        assertThat(up.getStatus().getCurrentMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getCurrent().getAverageUtilization()).isEqualTo(150);
            assertThat(m.getResource().getCurrent().getAverageValue()).isEqualTo(new Quantity("150m"));
        });
        assertThat(condition(up, "AbleToScale")).isEqualTo("True SucceededRescale the HPA controller was able to "
                + "update the target scale to 3");
        assertThat(condition(up, "ScalingActive")).isEqualTo("True ValidMetricFound the HPA was able to "
                + "successfully calculate a replica count from cpu resource utilization (percentage of request)");
        assertThat(condition(up, "ScalingLimited")).isEqualTo("False DesiredWithinRange the desired count is "
                + "within the acceptable range");
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(events()).contains(
                "Normal SuccessfulRescale New size: 3; reason: cpu resource utilization (percentage of request) "
                        + "above target"));

        readyPods(3, 10);
        clock.advance(Duration.ofSeconds(15));
        sync.sync(NS + "/web");

        assertThat(replicas()).isEqualTo(3);
        HorizontalPodAutoscaler held = get();
        assertThat(held.getStatus().getDesiredReplicas()).isEqualTo(3);
        assertThat(condition(held, "AbleToScale")).isEqualTo("True ScaleDownStabilized recent recommendations were "
                + "higher than current one, applying the highest recent recommendation");

        clock.advance(Duration.ofMinutes(5));
        sync.sync(NS + "/web");

        assertThat(replicas()).isEqualTo(1);
        assertThat(get().getStatus().getDesiredReplicas()).isEqualTo(1);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(events()).contains(
                "Normal SuccessfulRescale New size: 1; reason: All metrics below target"));
        events.close();
    }

    // Waits for the Deployment's pods, reports each running and ready since long before, with the given usage.
    private void readyPods(int count, long usageMilli) {
        await().atMost(DEADLINE).until(() -> pods().size() == count);
        usage.clear();
        for (Pod pod : pods()) {
            String since = seconds(clock.now().minus(Duration.ofMinutes(10)));
            client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).editStatus(p -> {
                p.setStatus(new PodStatusBuilder().withPhase("Running").withStartTime(since).addNewCondition()
                        .withType("Ready").withStatus("True").withLastTransitionTime(since).endCondition().build());
                return p;
            });
            usage.put(pod.getMetadata().getName(), usageMilli);
        }
    }

    private static List<Pod> pods() {
        return client.pods().inNamespace(NS).withLabel("app", "web").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static int replicas() {
        return client.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getReplicas();
    }

    private static HorizontalPodAutoscaler get() {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("web").get();
    }

    private static String condition(HorizontalPodAutoscaler hpa, String type) {
        HorizontalPodAutoscalerCondition c = hpa.getStatus().getConditions().stream()
                .filter(x -> x.getType().equals(type)).findFirst().orElseThrow();
        return c.getStatus() + " " + c.getReason() + " " + c.getMessage();
    }

    private static List<String> events() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> "HorizontalPodAutoscaler".equals(e.getInvolvedObject().getKind()))
                .map((Event e) -> e.getType() + " " + e.getReason() + " " + e.getMessage()).toList();
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static Deployment deployment() {
        return new DeploymentBuilder().withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("app")
                .withImage("busybox:1.36").withNewResources().addToRequests("cpu", new Quantity("100m"))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build();
    }

    private final class FakeMetrics implements PodMetricsSource {
        @Override
        public ResourceMetrics resourceMetrics(String namespace, String selector, String resource, String container) {
            Map<String, PodMetric> pods = new HashMap<>();
            usage.forEach((pod, milli) -> pods.put(pod, new PodMetric(milli, clock.now(), Duration.ofSeconds(30))));
            return new ResourceMetrics(pods, clock.now());
        }
    }

    private final class ApiCaches implements HorizontalSync.Caches {
        @Override
        public HorizontalPodAutoscaler autoscaler(String key) {
            return get();
        }

        @Override
        public List<Pod> pods(String namespace, LabelSelector selector) {
            return client.pods().inNamespace(namespace).list().getItems().stream()
                    .filter(p -> selector.matches(p.getMetadata().getLabels() == null ? Map.of()
                            : p.getMetadata().getLabels()))
                    .toList();
        }
    }
}
