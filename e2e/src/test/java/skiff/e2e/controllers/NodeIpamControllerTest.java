package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.api.time.Clock;
import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;

/** Nodes get pod CIDRs from the cluster CIDR (k/k node IPAM controller, range allocator). */
class NodeIpamControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    // Four /24s: API objects only, no network is configured from them.
    private static final NodeIpamOptions SMALL = new NodeIpamOptions(true, "10.251.4.0/22", 24);

    @TempDir
    Path dataDir;

    @Test
    void nodesGetDistinctCidrsWhichSurviveARestartAndComeBackWhenANodeIsDeleted() {
        String first;
        String second;
        try (SkiffServer server = start(); KubernetesClient client = server.newClient()) {
            createNode(client, "n1");
            createNode(client, "n2");
            first = awaitCidr(client, "n1");
            second = awaitCidr(client, "n2");
            assertThat(first).isNotEqualTo(second).startsWith("10.251.");
            Node n1 = client.nodes().withName("n1").get();
            assertThat(n1.getSpec().getPodCIDRs()).containsExactly(first);
        }
        try (SkiffServer server = start(); KubernetesClient client = server.newClient()) {
            createNode(client, "n3");
            createNode(client, "n4");
            String third = awaitCidr(client, "n3");
            String fourth = awaitCidr(client, "n4");
            assertThat(List.of(first, second, third, fourth)).containsExactlyInAnyOrder(
                    "10.251.4.0/24", "10.251.5.0/24", "10.251.6.0/24", "10.251.7.0/24");

            createNode(client, "n5");
            await().atMost(DEADLINE).untilAsserted(() -> assertThat(cidrNotAvailable(client, "n5")).isNotEmpty());
            assertThat(cidrNotAvailable(client, "n5").get(0).getMessage())
                    .isEqualTo("Node n5 status is now: CIDRNotAvailable");

            client.nodes().withName("n2").delete();
            assertThat(awaitCidr(client, "n5")).isEqualTo(second);
        }
    }

    private SkiffServer start() {
        return SkiffServer.start(new SkiffServerOptions(dataDir, "127.0.0.1", 0, StoreKind.EMBEDDED, Clock.system())
                .withKubelet(KubeletOptions.disabled()).withNodeIpam(SMALL));
    }

    private static void createNode(KubernetesClient client, String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    private static String awaitCidr(KubernetesClient client, String name) {
        return await().atMost(DEADLINE).until(() -> {
            Node node = client.nodes().withName(name).get();
            return node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        }, cidr -> cidr != null && !cidr.isEmpty());
    }

    private static List<Event> cidrNotAvailable(KubernetesClient client, String node) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "CIDRNotAvailable".equals(e.getReason()))
                .filter(e -> node.equals(e.getInvolvedObject().getName())).toList();
    }
}
