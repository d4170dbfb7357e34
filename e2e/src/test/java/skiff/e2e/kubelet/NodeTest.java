package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** The kubelet that {@code skiff server} runs registers this machine as a Node and keeps it alive. */
class NodeTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private static NodeCondition condition(Node node, String type) {
        return node.getStatus().getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow();
    }

    @Test
    void theNodeIsRegisteredReadyWithThisMachinesCapacity(KubernetesClient client) {
        Node node = client.nodes().withName(skiff.nodeName()).get();

        assertThat(condition(node, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(node, "Ready").getReason()).isEqualTo("KubeletReady");
        assertThat(condition(node, "MemoryPressure").getStatus()).isEqualTo("False");
        assertThat(condition(node, "DiskPressure").getStatus()).isEqualTo("False");
        assertThat(condition(node, "PIDPressure").getStatus()).isEqualTo("False");
        assertThat(node.getStatus().getCapacity().get("pods").getAmount()).isEqualTo("110");
        assertThat(node.getStatus().getCapacity().get("cpu").getAmount())
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(node.getStatus().getCapacity().get("memory").getFormat()).isEqualTo("Ki");
        assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getAddresses()).extracting(NodeAddress::getType, NodeAddress::getAddress)
                .contains(org.assertj.core.groups.Tuple.tuple("InternalIP", "127.0.0.1"),
                        org.assertj.core.groups.Tuple.tuple("Hostname", skiff.nodeName()));
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.4-skiff");
        assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("process://skiff");
        assertThat(node.getStatus().getNodeInfo().getOperatingSystem()).isEqualTo("linux");
        assertThat(node.getStatus().getNodeInfo().getKernelVersion()).isNotBlank();
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", skiff.nodeName())
                .containsEntry("kubernetes.io/os", "linux");
    }

    @Test
    void theNodeLeaseIsHeldByTheNodeAndRenewed(KubernetesClient client) {
        Node node = client.nodes().withName(skiff.nodeName()).get();
        Lease lease = client.leases().inNamespace("kube-node-lease").withName(skiff.nodeName()).get();

        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(skiff.nodeName());
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(lease.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Node");
            assertThat(owner.getUid()).isEqualTo(node.getMetadata().getUid());
        });
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        String heartbeat = condition(node, "Ready").getLastHeartbeatTime();

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Lease now = client.leases().inNamespace("kube-node-lease").withName(skiff.nodeName()).get();
            assertThat(now.getSpec().getRenewTime()).isAfter(renewed);
        });
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(
                condition(client.nodes().withName(skiff.nodeName()).get(), "Ready").getLastHeartbeatTime())
                .isNotEqualTo(heartbeat));
    }
}
