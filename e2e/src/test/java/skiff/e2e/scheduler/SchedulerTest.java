package skiff.e2e.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.time.Clock;
import skiff.simulator.NodeSimulator;
import skiff.simulator.SimulatorConfig;
import skiff.testing.SkiffExtension;

/**
 * The scheduler against simulated nodes (no kubelet): pods are bound through pods/binding and run on the
 * simulator; a pod no node fits gets PodScheduled=False with Kubernetes' message and is retried when a node joins.
 */
class SchedulerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static NodeSimulator small;

    @BeforeAll
    static void startNodes() {
        small = NodeSimulator.start(skiff.server().newClient(), SimulatorConfig.of(3).withNamePrefix("small")
                .withCapacity("2", "4Gi", "110"), Clock.system());
    }

    @AfterAll
    static void stopNodes() {
        small.close();
    }

    @Test
    void podsAreBoundToSimulatedNodesAndReportedRunning(KubernetesClient client) {
        for (int i = 0; i < 6; i++) {
            Pod pod = new PodBuilder(pod("spread-" + i, "500m")).editSpec().withNewAffinity().withNewNodeAffinity()
                    .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                    .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("In")
                    .withValues("small-0", "small-1", "small-2").endMatchExpression()
                    .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endNodeAffinity().endAffinity().endSpec().build();
            client.resource(pod).create();
        }

        await().atMost(DEADLINE).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace("default").withLabel("test", "spread").list().getItems();
            assertThat(pods).hasSize(6).allSatisfy(p -> {
                assertThat(p.getSpec().getNodeName()).startsWith("small-");
                assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                assertThat(p.getStatus().getPodIP()).isNotBlank();
                assertThat(condition(p, "PodScheduled")).map(PodCondition::getStatus).contains("True");
            });
            // LeastAllocated and BalancedAllocation prefer the emptier nodes: two pods on each of the three.
            assertThat(pods.stream().collect(java.util.stream.Collectors.groupingBy(p -> p.getSpec().getNodeName(),
                    java.util.stream.Collectors.counting()))).containsOnlyKeys("small-0", "small-1", "small-2")
                    .allSatisfy((node, count) -> assertThat(count).isEqualTo(2L));
        });
    }

    @Test
    void aPodTooBigForEveryNodeIsUnschedulableUntilABigNodeJoins(KubernetesClient client) {
        client.resource(pod("huge", "3")).create();

        String message = "0/3 nodes are available: 3 Insufficient cpu. "
                + "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..";
        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace("default").withName("huge").get();
            assertThat(condition(pod, "PodScheduled")).hasValueSatisfying(scheduled -> {
                assertThat(scheduled.getStatus()).isEqualTo("False");
                assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
                assertThat(scheduled.getMessage()).isEqualTo(message);
            });
            assertThat(client.v1().events().inNamespace("default").list().getItems().stream()
                    .filter(e -> e.getInvolvedObject().getName().equals("huge")).map(Event::getReason))
                    .contains("FailedScheduling");
        });

        try (NodeSimulator big = NodeSimulator.start(skiff.server().newClient(), SimulatorConfig.of(1).withNamePrefix("big")
                .withCapacity("16", "64Gi", "110"), Clock.system())) {
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(
                    client.pods().inNamespace("default").withName("huge").get().getSpec().getNodeName())
                    .isEqualTo("big-0"));
        }
    }

    @Test
    void aWaitForFirstConsumerClaimBindsToTheStaticVolumeOfTheNodeTheSchedulerPicks(KubernetesClient client) {
        client.resource(new StorageClassBuilder().withNewMetadata().withName("static-wffc").endMetadata()
                .withProvisioner("kubernetes.io/no-provisioner").withVolumeBindingMode("WaitForFirstConsumer")
                .build()).create();
        client.resource(new PersistentVolumeBuilder().withNewMetadata().withName("static-on-small-1").endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadWriteOnce")
                .withStorageClassName("static-wffc").withNewLocal().withPath("/tmp/static-on-small-1").endLocal()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues("small-1").endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build()).create();
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("static-claim")
                .withNamespace("default").endMetadata().withNewSpec().withStorageClassName("static-wffc")
                .withAccessModes("ReadWriteOnce").withNewResources()
                .withRequests(Map.of("storage", new Quantity("512Mi"))).endResources().endSpec().build()).create();
        // The claim waits for its first consumer: no volume is bound before a pod uses it.
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default")
                .withField("involvedObject.name", "static-claim").list().getItems())
                .extracting(Event::getReason).contains("WaitForFirstConsumer"));
        assertThat(client.persistentVolumeClaims().inNamespace("default").withName("static-claim").get().getSpec()
                .getVolumeName()).isNull();

        client.resource(new PodBuilder(pod("uses-static", "100m")).editSpec().addNewVolume().withName("data")
                .withNewPersistentVolumeClaim().withClaimName("static-claim").endPersistentVolumeClaim().endVolume()
                .endSpec().build()).create();

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(client.pods().inNamespace("default").withName("uses-static").get().getSpec().getNodeName())
                    .isEqualTo("small-1");
            assertThat(client.persistentVolumeClaims().inNamespace("default").withName("static-claim").get())
                    .satisfies(c -> {
                        assertThat(c.getSpec().getVolumeName()).isEqualTo("static-on-small-1");
                        assertThat(c.getStatus().getPhase()).isEqualTo("Bound");
                    });
            assertThat(client.persistentVolumes().withName("static-on-small-1").get().getStatus().getPhase())
                    .isEqualTo("Bound");
        });
        assertThat(client.persistentVolumes().list().getItems()).extracting(v -> v.getMetadata().getName())
                .containsExactly("static-on-small-1");
    }

    private static Pod pod(String name, String cpu) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("default")
                    .withLabels(Map.of("test", name.startsWith("spread") ? "spread" : name)).endMetadata()
                .withNewSpec()
                    .addNewContainer().withName("app").withImage("busybox")
                        .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu))).endResources()
                    .endContainer()
                .endSpec()
                .build();
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
    }
}
