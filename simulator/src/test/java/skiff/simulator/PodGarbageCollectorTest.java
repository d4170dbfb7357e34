package skiff.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.SkiffServerOptions;
import skiff.server.StoreKind;
import skiff.testing.SkiffExtension;

/**
 * The pod garbage collector against a real Skiff server: a pod bound to a node that does not exist, deleted by its
 * user, does not stay Terminating for ever (no kubelet will ever end it); it is marked Failed with a
 * DisruptionTarget condition and deleted, while a pod on a node that exists is left alone. Terminated pods beyond
 * --terminated-pod-gc-threshold go, oldest first.
 */
class PodGarbageCollectorTest {
    // k/k podgc: 40 s of quarantine for the missing node, then the next 20 s pass.
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    @Test
    void aTerminatingPodOnAMissingNodeIsMarkedFailedAndDeleted(KubernetesClient client) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("present-node").endMetadata().build())
                .create();
        client.pods().inNamespace("default").resource(pod("kept", "present-node")).create();
        client.pods().inNamespace("default").resource(pod("orphan", "vanished-node")).create();
        List<Pod> seen = new CopyOnWriteArrayList<>();
        try (Watch watch = client.pods().inNamespace("default").withName("orphan").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                seen.add(pod);
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            client.pods().inNamespace("default").withName("orphan").delete();
            assertThat(client.pods().inNamespace("default").withName("orphan").get().getMetadata()
                    .getDeletionTimestamp()).isNotNull();

            await().atMost(DEADLINE).until(() -> client.pods().inNamespace("default").withName("orphan").get() == null);

            assertThat(seen).anySatisfy(pod -> {
                assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
                assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("DisruptionTarget");
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo("DeletionByPodGC");
                    assertThat(c.getMessage()).isEqualTo("PodGC: node no longer exists");
                });
            });
        }
        assertThat(client.pods().inNamespace("default").withName("kept").get()).isNotNull();
    }

    @Test
    void terminatedPodsBeyondTheThresholdAreDeletedOldestFirst() {
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.MEMORY, options -> options
                .withKubelet(KubeletOptions.disabled()).withDisabledControllers(Set.of(SkiffServerOptions.SCHEDULER))
                .withTerminatedPodGcThreshold(1));
                KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                        server.clientConfig()).withRequestTimeout(30_000).build()).build()) {
            for (String name : List.of("first", "second", "third")) {
                Pod created = client.pods().inNamespace("default").resource(pod(name, null)).create();
                client.pods().inNamespace("default").resource(new PodBuilder(created).editStatus()
                        .withPhase("Succeeded").endStatus().build()).updateStatus();
            }

            await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.pods().inNamespace("default").list()
                    .getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("third"));
        }
    }

    private static Pod pod(String name, String node) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("busybox")
                .withCommand("sleep", "300").endContainer().endSpec().build();
    }
}
