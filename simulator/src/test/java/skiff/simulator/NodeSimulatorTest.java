package skiff.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.time.Clock;
import skiff.testing.SkiffExtension;

/**
 * Simulated nodes against a real Skiff server: they recover from a status someone else wrote, as a kubelet does,
 * and keep renewing their Leases through conflicts and deletions.
 */
class NodeSimulatorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final SimulatorConfig CONFIG = SimulatorConfig.of(2).withNamePrefix("fast")
            .withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(1));

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private static NodeSimulator simulator;

    @BeforeAll
    static void startNodes() {
        simulator = NodeSimulator.start(skiff.server().newClient(), CONFIG, Clock.system());
    }

    @AfterAll
    static void stopNodes() {
        simulator.close();
    }

    @Test
    void aNodeMarkedUnknownReportsReadyAgainWithinItsStatusInterval(KubernetesClient client) {
        String readySince = ready(client.nodes().withName("fast-0").get()).getLastTransitionTime();
        Node written = markUnknown(client, "fast-0");

        await().atMost(DEADLINE).untilAsserted(() -> {
            Node now = client.nodes().withName("fast-0").get();
            assertThat(ready(now).getStatus()).isEqualTo("True");
            assertThat(ready(now).getReason()).isEqualTo("KubeletReady");
            assertThat(now.getStatus().getConditions()).filteredOn(c -> !c.getType().equals("Ready"))
                    .extracting(NodeCondition::getStatus).containsOnly("False");
        });
        Node recovered = client.nodes().withName("fast-0").get();
        assertThat(Instant.parse(ready(recovered).getLastTransitionTime()))
                .isAfterOrEqualTo(Instant.parse(ready(written).getLastHeartbeatTime()))
                .isAfterOrEqualTo(Instant.parse(readySince));
    }

    @Test
    void aStoredStatusThatMatchesIsNotReportedAgainButOneMarkedUnknownIs(KubernetesClient client) {
        Node stored = client.nodes().withName("fast-1").get();
        Instant later = Instant.now().plusSeconds(60);

        assertThat(SimulatedNodes.statusChanged(SimulatedNodes.status(CONFIG, 1, stored.getStatus(), later),
                stored.getStatus())).isFalse();

        Node unknown = new NodeBuilder(stored).editStatus().editMatchingCondition(c -> c.getType().equals("Ready"))
                .withStatus("Unknown").endCondition().endStatus().build();
        assertThat(SimulatedNodes.statusChanged(SimulatedNodes.status(CONFIG, 1, unknown.getStatus(), later),
                unknown.getStatus())).isTrue();
    }

    @Test
    void theLeaseIsRenewedAfterAnotherWriterChangedIt(KubernetesClient client) {
        // A merge patch applies whatever the resourceVersion, so the renewer's copy of the Lease is now stale.
        Lease changed = client.leases().inNamespace("kube-node-lease").withName("fast-1").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"changed-by\":\"test\"}}}");
        ZonedDateTime before = changed.getSpec().getRenewTime();

        await().atMost(DEADLINE).untilAsserted(() -> {
            Lease now = lease(client, "fast-1");
            assertThat(now.getSpec().getRenewTime()).isAfter(before);
            assertThat(now.getMetadata().getLabels()).containsEntry("changed-by", "test");
        });
    }

    @Test
    void aDeletedLeaseIsCreatedAgain(KubernetesClient client) {
        Lease deleted = lease(client, "fast-0");
        client.leases().inNamespace("kube-node-lease").withName("fast-0").withGracePeriod(0).delete();

        await().atMost(DEADLINE).untilAsserted(() -> {
            Lease now = lease(client, "fast-0");
            assertThat(now).isNotNull();
            assertThat(now.getMetadata().getUid()).isNotEqualTo(deleted.getMetadata().getUid());
            assertThat(now.getSpec().getHolderIdentity()).isEqualTo("fast-0");
            assertThat(now.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getName()).isEqualTo("fast-0"));
        });
    }

    @Test
    void podsMarkedNotReadyWhileTheirNodeWasUnknownAreReadyAgainOnceItIsReady(KubernetesClient client) {
        Pod pod = client.pods().inNamespace("default").resource(new PodBuilder()
                .withNewMetadata().withName("on-fast-1").endMetadata()
                .withNewSpec().withNodeName("fast-1").addNewContainer().withName("main").withImage("busybox")
                .endContainer().endSpec().build()).create();
        await().atMost(DEADLINE).until(() -> podReady(client, "on-fast-1").equals("True"));

        markUnknown(client, "fast-1");
        // What the node lifecycle controller writes to the pods of a node that is not Ready (k/k MarkPodsNotReady).
        Pod running = client.pods().inNamespace("default").withName("on-fast-1").get();
        client.pods().inNamespace("default").withName("on-fast-1").subresource("status").patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}");

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(ready(client.nodes().withName("fast-1").get()).getStatus()).isEqualTo("True");
            assertThat(podReady(client, "on-fast-1")).isEqualTo("True");
        });
        Pod after = client.pods().inNamespace("default").withName("on-fast-1").get();
        assertThat(after.getStatus().getPodIP()).isEqualTo(running.getStatus().getPodIP());
        assertThat(after.getStatus().getPhase()).isEqualTo("Running");
        assertThat(after.getMetadata().getUid()).isEqualTo(pod.getMetadata().getUid());
    }

    // What the node lifecycle controller writes for a node whose heartbeats stopped (k/k tryUpdateNodeHealth).
    private static Node markUnknown(KubernetesClient client, String name) {
        Node node = client.nodes().withName(name).get();
        List<NodeCondition> unknown = node.getStatus().getConditions().stream()
                .map(c -> new NodeConditionBuilder(c).withStatus("Unknown").withReason("NodeStatusUnknown")
                        .withMessage("Kubelet stopped posting node status.").build())
                .toList();
        Node written = client.nodes().resource(new NodeBuilder(node).editStatus().withConditions(unknown).endStatus()
                .build()).updateStatus();
        assertThat(ready(written).getStatus()).isEqualTo("Unknown");
        return written;
    }

    private static String podReady(KubernetesClient client, String name) {
        Pod pod = client.pods().inNamespace("default").withName(name).get();
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? "" : pod.getStatus()
                .getConditions().stream().filter(c -> c.getType().equals("Ready")).map(c -> c.getStatus())
                .findFirst().orElse("");
    }

    private static Lease lease(KubernetesClient client, String name) {
        return client.leases().inNamespace("kube-node-lease").withName(name).get();
    }

    private static NodeCondition ready(Node node) {
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                .orElseThrow();
    }
}
