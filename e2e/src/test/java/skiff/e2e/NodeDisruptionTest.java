package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * When no node of the cluster is Ready, the node lifecycle controller assumes the control plane lost the nodes
 * rather than every node failing, and evicts nothing: no NoExecute taints until some node is Ready again (k/k
 * node_lifecycle_controller.go handleDisruption, "master disruption mode"). Nodes are registered and heartbeated
 * by the test, with a 4 s grace period.
 */
class NodeDisruptionTest {
    private static final Duration GRACE = Duration.ofSeconds(4);
    private static final Duration DEADLINE = Duration.ofSeconds(40);

    private static SkiffServer server;
    private static KubernetesClient client;
    private static HeartbeatNodes nodes;

    @BeforeAll
    static void start() {
        server = SkiffServer.startTemporary(StoreKind.MEMORY,
                o -> o.withKubelet(KubeletOptions.disabled()).withNodeMonitorGracePeriod(GRACE));
        client = server.newClient();
        nodes = new HeartbeatNodes(client);
    }

    @AfterAll
    static void stop() {
        nodes.close();
        client.close();
        server.close();
    }

    @Test
    void aLoneSilentNodeIsNotTaintedNoExecuteUntilAnotherNodeIsReady() {
        ScheduledFuture<?> beating = nodes.register("only-node");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lone").endMetadata().build())
                .create();
        client.pods().inNamespace("lone").resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().withNodeName("only-node").addNewToleration().withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(0L).endToleration()
                .addNewContainer().withName("c").withImage("busybox").withCommand("sleep", "3600").endContainer()
                .endSpec().build()).create();
        nodes.runAndReady("lone", "p");

        beating.cancel(false);

        // The node still goes Unknown, is kept from new pods and its pods are marked not Ready ...
        await().atMost(DEADLINE).untilAsserted(() -> {
            Node node = client.nodes().withName("only-node").get();
            assertThat(HeartbeatNodes.condition(node, "Ready").getStatus()).isEqualTo("Unknown");
            assertThat(HeartbeatNodes.taints(node)).extracting(Taint::getKey, Taint::getEffect)
                    .containsExactly(tuple("node.kubernetes.io/unreachable", "NoSchedule"));
            assertThat(client.pods().inNamespace("lone").withName("p").get().getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c).extracting("type", "status").containsExactly("Ready", "False"));
        });
        // ... but for several monitor periods (1 s each here) it gets no NoExecute taint and its pod stays.
        await().during(Duration.ofSeconds(4)).atMost(DEADLINE).untilAsserted(() -> {
            assertThat(HeartbeatNodes.taints(client.nodes().withName("only-node").get()))
                    .extracting(Taint::getEffect).doesNotContain("NoExecute");
            assertThat(client.pods().inNamespace("lone").withName("p").get().getMetadata().getDeletionTimestamp())
                    .isNull();
        });

        nodes.register("new-node");

        // With one node Ready again the silent one is tainted (after one token of the 0.1 nodes/s rate) and its pod,
        // which tolerates the taint for 0 s, is evicted.
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(HeartbeatNodes.taints(client.nodes().withName("only-node").get()))
                    .extracting(Taint::getKey, Taint::getEffect)
                    .contains(tuple("node.kubernetes.io/unreachable", "NoExecute"));
            Pod evicted = client.pods().inNamespace("lone").withName("p").get();
            assertThat(evicted.getMetadata().getDeletionTimestamp()).isNotNull();
        });
        assertThat(HeartbeatNodes.taints(client.nodes().withName("new-node").get())).isEmpty();
    }
}
