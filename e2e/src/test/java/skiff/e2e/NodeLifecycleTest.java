package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * The node lifecycle and taint eviction controllers against nodes the test registers and heartbeats itself (a Node
 * and its Lease, renewed every second like a kubelet would every ten), with a 4 s grace period.
 */
class NodeLifecycleTest {
    private static final Duration GRACE = Duration.ofSeconds(4);
    private static final Duration DEADLINE = Duration.ofSeconds(40);

    private static SkiffServer server;
    private static KubernetesClient client;
    private static Path workDir;
    private static HeartbeatNodes nodes;

    @BeforeAll
    static void start() throws IOException {
        server = SkiffServer.startTemporary(StoreKind.MEMORY,
                o -> o.withKubelet(KubeletOptions.disabled()).withNodeMonitorGracePeriod(GRACE));
        client = server.newClient();
        nodes = new HeartbeatNodes(client);
        // A node that stays Ready throughout: were every node silent, the controller would taint none NoExecute.
        nodes.register("steady-node");
        workDir = Files.createTempDirectory("skiff-kubectl-");
    }

    @AfterAll
    static void stop() {
        nodes.close();
        client.close();
        server.close();
        SkiffProcessExtension.deleteRecursively(workDir);
    }

    @Test
    void aSilentNodeGoesUnknownIsTaintedAndComesBack() {
        ScheduledFuture<?> beating = nodes.register("quiet-node");
        String ns = namespace("silent");
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().withNodeName("quiet-node").addNewContainer().withName("c").withImage("busybox")
                .withCommand("sleep", "3600").endContainer().endSpec().build()).create();
        nodes.runAndReady(ns, "p");

        beating.cancel(false);

        await().atMost(DEADLINE).untilAsserted(() -> {
            Node node = client.nodes().withName("quiet-node").get();
            assertThat(node.getStatus().getConditions()).extracting(NodeCondition::getType, NodeCondition::getStatus,
                    NodeCondition::getReason).contains(
                            org.assertj.core.groups.Tuple.tuple("Ready", "Unknown", "NodeStatusUnknown"),
                            org.assertj.core.groups.Tuple.tuple("MemoryPressure", "Unknown", "NodeStatusUnknown"));
            assertThat(HeartbeatNodes.condition(node, "Ready").getMessage())
                    .isEqualTo("Kubelet stopped posting node status.");
            assertThat(HeartbeatNodes.taints(node)).extracting(Taint::getKey, Taint::getEffect)
                    .containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoSchedule"),
                    org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "NoExecute"));
        });
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.pods().inNamespace(ns).withName("p").get()
                .getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Ready");
                    assertThat(c.getStatus()).isEqualTo("False");
                }));

        nodes.postReady("quiet-node");
        nodes.heartbeat("quiet-node");

        await().atMost(DEADLINE).untilAsserted(() -> {
            Node node = client.nodes().withName("quiet-node").get();
            assertThat(HeartbeatNodes.condition(node, "Ready").getStatus()).isEqualTo("True");
            assertThat(HeartbeatNodes.taints(node)).isEmpty();
        });
    }

    @Test
    void podsGetTheDefaultTolerationsForUnreachableAndNotReadyNodes() {
        String ns = namespace("tolerations");
        Pod pod = client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build()).create();

        assertThat(pod.getSpec().getTolerations()).extracting(Toleration::getKey, Toleration::getOperator,
                Toleration::getEffect, Toleration::getTolerationSeconds).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", "Exists", "NoExecute", 300L),
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", "Exists", "NoExecute", 300L));
    }

    @Test
    void aStatefulSetPodOnALostNodeIsReplacedOnlyAfterAForcedDeletion() {
        ScheduledFuture<?> beating = nodes.register("lost-node");
        String ns = namespace("lost");
        Toleration unreachable = new TolerationBuilder().withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(2L).build();
        client.apps().statefulSets().resource(new StatefulSetBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("web")
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                        .withNewSpec().withNodeName("lost-node").withTolerations(unreachable)
                            .addNewContainer().withName("app").withImage("busybox").withCommand("sleep", "3600")
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec().build()).create();
        await().atMost(DEADLINE).until(() -> client.pods().inNamespace(ns).withName("web-0").get() != null);
        nodes.runAndReady(ns, "web-0");
        String lostUid = client.pods().inNamespace(ns).withName("web-0").get().getMetadata().getUid();

        beating.cancel(false);

        // Evicted after its 2 s toleration, the pod stays Terminating: no kubelet confirms its end.
        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod evicted = client.pods().inNamespace(ns).withName("web-0").get();
            assertThat(evicted.getMetadata().getDeletionTimestamp()).isNotNull();
            assertThat(evicted.getStatus().getConditions()).extracting(PodCondition::getType, PodCondition::getReason)
                    .contains(org.assertj.core.groups.Tuple.tuple("DisruptionTarget", "DeletionByTaintManager"));
        });
        await().atMost(DEADLINE).untilAsserted(() -> {
            StatefulSet set = client.apps().statefulSets().inNamespace(ns).withName("web").get();
            assertThat(set.getStatus().getReadyReplicas()).isZero();
            assertThat(set.getStatus().getCurrentReplicas()).isZero();
        });
        assertThat(client.pods().inNamespace(ns).list().getItems()).singleElement()
                .satisfies(p -> assertThat(p.getMetadata().getUid()).isEqualTo(lostUid));

        new Kubectl(server.kubeconfig(), workDir).succeed("delete", "pod", "web-0", "-n", ns, "--force",
                "--grace-period=0");

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod replacement = client.pods().inNamespace(ns).withName("web-0").get();
            assertThat(replacement).isNotNull();
            assertThat(replacement.getMetadata().getUid()).isNotEqualTo(lostUid);
            assertThat(replacement.getMetadata().getDeletionTimestamp()).isNull();
        });
    }

    private static String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }
}
