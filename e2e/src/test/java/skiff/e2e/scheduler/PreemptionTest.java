package skiff.e2e.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.time.Clock;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;
import skiff.testing.SkiffExtension;

/**
 * Preemption through the API (k/k pkg/scheduler/framework/plugins/defaultpreemption, 1.32) on two simulated nodes of
 * 2 cpus, each test filling them with lower-priority pods first: the victim gets the DisruptionTarget condition, is
 * deleted and gets a Preempted event; the preemptor is nominated to the node, then bound there.
 */
class PreemptionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static NodeSimulator nodes;
    private String ns;

    @BeforeAll
    static void start() {
        KubernetesClient client = skiff.client();
        for (var e : Map.of("low", 10, "middle", 20, "high", 1000).entrySet()) {
            client.resource(new PriorityClassBuilder().withNewMetadata().withName("pt-" + e.getKey()).endMetadata()
                    .withValue(e.getValue()).build()).create();
        }
        client.resource(new PriorityClassBuilder().withNewMetadata().withName("pt-polite").endMetadata()
                .withValue(1000).withPreemptionPolicy("Never").build()).create();
        client.resource(new PriorityClassBuilder().withNewMetadata().withName("pt-waiting").endMetadata()
                .withValue(50).withPreemptionPolicy("Never").build()).create();
        nodes = NodeSimulator.start(skiff.server().newClient(), SimulatorConfig.of(2).withNamePrefix("pre")
                .withCapacity("2", "4Gi", "110"), Clock.system());
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @BeforeEach
    void namespace(KubernetesClient client) {
        ns = "pre-" + UUID.randomUUID().toString().substring(0, 6);
        client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }

    /** Empties the nodes for the next test. */
    @AfterEach
    void removePods(KubernetesClient client) {
        client.pods().inNamespace(ns).withGracePeriod(0).delete();
        await().atMost(DEADLINE).until(() -> client.pods().inNamespace(ns).list().getItems().isEmpty());
    }

    @Test
    void theHighPriorityPodPreemptsTheCheapestVictimAndRunsInItsPlace(KubernetesClient client) {
        running(client, pod("low", "pt-low", "2", "pre-0"));
        running(client, pod("middle", "pt-middle", "2", "pre-1"));
        List<Pod> lowSeen = new CopyOnWriteArrayList<>();
        try (Watch ignored = client.pods().inNamespace(ns).withName("low").watch(recorder(lowSeen))) {
            Pod high = client.resource(pod("high", "pt-high", "2", null)).create();

            await().atMost(DEADLINE).untilAsserted(() -> {
                Pod bound = client.pods().inNamespace(ns).withName("high").get();
                assertThat(bound.getStatus().getPhase()).isEqualTo("Running");
                assertThat(bound.getSpec().getNodeName()).isEqualTo("pre-0");
                assertThat(bound.getStatus().getNominatedNodeName()).isEqualTo("pre-0");
            });
            assertThat(client.pods().inNamespace(ns).withName("low").get()).isNull();
            assertThat(client.pods().inNamespace(ns).withName("middle").get().getMetadata().getDeletionTimestamp())
                    .isNull();
            // The condition is written before the delete: a version of the victim has it and no deletionTimestamp.
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(lowSeen).anySatisfy(p -> {
                assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
                assertThat(condition(p, "DisruptionTarget")).hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo("PreemptionByScheduler");
                    assertThat(c.getMessage()).isEqualTo("default-scheduler: preempting to accommodate a higher "
                            + "priority pod");
                });
            }));
            await().atMost(DEADLINE).untilAsserted(() -> {
                assertThat(events(client, "low")).contains("Normal Preempted Preempted by pod "
                        + high.getMetadata().getUid() + " on node pre-0");
                assertThat(events(client, "high")).contains(
                        "Warning FailedScheduling 0/2 nodes are available: 2 Insufficient cpu.");
            });
        }
    }

    @Test
    void aVictimABudgetProtectsIsAvoidedWhenAnotherNodeHasUnprotectedOnes(KubernetesClient client) {
        running(client, new PodBuilder(pod("guarded", "pt-low", "2", "pre-0")).editMetadata()
                .addToLabels("app", "guarded").endMetadata().build());
        running(client, pod("middle", "pt-middle", "2", "pre-1"));
        client.resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("guarded").withNamespace(ns)
                .endMetadata().withNewSpec().withMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
                .withNewSelector().withMatchLabels(Map.of("app", "guarded")).endSelector().endSpec().build()).create();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(Optional.ofNullable(client.policy().v1()
                .podDisruptionBudget().inNamespace(ns).withName("guarded").get().getStatus())
                .map(s -> s.getExpectedPods() + " " + s.getDisruptionsAllowed())).contains("1 0"));

        client.resource(pod("high", "pt-high", "2", null)).create();

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod high = client.pods().inNamespace(ns).withName("high").get();
            assertThat(high.getSpec().getNodeName()).isEqualTo("pre-1");
            assertThat(high.getStatus().getPhase()).isEqualTo("Running");
        });
        assertThat(client.pods().inNamespace(ns).withName("middle").get()).isNull();
        assertThat(client.pods().inNamespace(ns).withName("guarded").get().getMetadata().getDeletionTimestamp())
                .isNull();
    }

    @Test
    void aPodWithPreemptionPolicyNeverWaitsAndSaysWhy(KubernetesClient client) {
        running(client, pod("low", "pt-low", "2", "pre-0"));
        running(client, pod("middle", "pt-middle", "2", "pre-1"));

        client.resource(pod("polite", "pt-polite", "2", null)).create();

        String message = "0/2 nodes are available: 2 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never..";
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(condition(client.pods().inNamespace(ns)
                .withName("polite").get(), "PodScheduled")).map(PodCondition::getMessage).contains(message));
        assertThat(client.pods().inNamespace(ns).list().getItems()).allSatisfy(p -> {
            assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(condition(p, "DisruptionTarget")).isEmpty();
        });
    }

    @Test
    void preemptingClearsTheNominationOfLowerPriorityPodsOnThatNode(KubernetesClient client) {
        running(client, pod("low", "pt-low", "2", "pre-0"));
        running(client, pod("middle", "pt-middle", "2", "pre-1"));
        client.resource(pod("waiting", "pt-waiting", "1", "pre-0")).create();
        await().atMost(DEADLINE).until(() -> condition(client.pods().inNamespace(ns).withName("waiting").get(),
                "PodScheduled").isPresent());
        client.pods().inNamespace(ns).withName("waiting").subresource("status").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"status\":{\"nominatedNodeName\":\"pre-0\"}}");

        client.resource(pod("high", "pt-high", "2", "pre-0")).create();

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(ns).withName("high").get().getSpec().getNodeName())
                    .isEqualTo("pre-0");
            Pod stillWaiting = client.pods().inNamespace(ns).withName("waiting").get();
            assertThat(stillWaiting.getSpec().getNodeName()).isNull();
            assertThat(stillWaiting.getStatus().getNominatedNodeName()).isNull();
        });
    }

    /** A pod of the test's namespace asking for {@code cpu}, pinned to {@code node} by affinity unless null. */
    private Pod pod(String name, String priorityClass, String cpu, String node) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withPriorityClassName(priorityClass).withTerminationGracePeriodSeconds(1L)
                .addNewContainer().withName("app").withImage("busybox")
                .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources().endContainer()
                .endSpec();
        if (node != null) {
            pod.editSpec().withNewAffinity().withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .addNewNodeSelectorTerm().addNewMatchExpression().withKey("kubernetes.io/hostname")
                    .withOperator("In").withValues(node).endMatchExpression().endNodeSelectorTerm()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec();
        }
        return pod.build();
    }

    private void running(KubernetesClient client, Pod pod) {
        client.resource(pod).create();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.pods().inNamespace(ns)
                .withName(pod.getMetadata().getName()).get().getStatus().getPhase()).isEqualTo("Running"));
    }

    /** "type reason message" of each event about the pod. */
    private List<String> events(KubernetesClient client, String pod) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(pod))
                .map((Event e) -> e.getType() + " " + e.getReason() + " " + e.getMessage()).toList();
    }

    private static Watcher<Pod> recorder(List<Pod> seen) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                seen.add(pod);
            }

            @Override
            public void onClose(WatcherException cause) {}
        };
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        return pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
    }
}
