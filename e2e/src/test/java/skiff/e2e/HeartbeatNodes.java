package skiff.e2e;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Nodes a test registers and keeps alive itself, standing in for kubelets: a Node that posts Ready conditions, a
 * Lease renewed every second (a kubelet renews every ten) until the test stops it, and pods reported running.
 */
final class HeartbeatNodes implements AutoCloseable {
    private final KubernetesClient client;
    private final ScheduledExecutorService heartbeats = Executors.newScheduledThreadPool(2);

    HeartbeatNodes(KubernetesClient client) {
        this.client = client;
    }

    /** Registers a Ready node and starts renewing its Lease; cancel the result to make the node go silent. */
    ScheduledFuture<?> register(String name) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        postReady(name);
        return heartbeat(name);
    }

    /** What a kubelet posts: its conditions with a fresh heartbeat. */
    void postReady(String name) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<NodeCondition> conditions = List.of(
                nodeCondition("Ready", "True", "KubeletReady", now),
                nodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory", now));
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withConditions(conditions).endStatus().build()).patchStatus();
    }

    /** Renews the node's Lease every second until cancelled. */
    ScheduledFuture<?> heartbeat(String node) {
        if (client.leases().inNamespace("kube-node-lease").withName(node).get() == null) {
            client.leases().inNamespace("kube-node-lease").resource(new LeaseBuilder().withNewMetadata()
                    .withName(node).withNamespace("kube-node-lease").endMetadata().withNewSpec()
                    .withHolderIdentity(node).withLeaseDurationSeconds(40).withRenewTime(now()).endSpec().build())
                    .create();
        }
        return heartbeats.scheduleAtFixedRate(() -> client.leases().inNamespace("kube-node-lease").withName(node)
                .edit(l -> new LeaseBuilder(l).editSpec().withRenewTime(now()).endSpec().build()),
                0, 1, TimeUnit.SECONDS);
    }

    /** Reports the pod Running and Ready, as its node's kubelet would. */
    void runAndReady(String ns, String pod) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        PodCondition ready = new PodConditionBuilder().withType("Ready").withStatus("True")
                .withLastTransitionTime(now).build();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(ns)
                .endMetadata().withStatus(new PodStatusBuilder().withPhase("Running").withConditions(ready).build())
                .build()).patchStatus();
    }

    static List<Taint> taints(Node node) {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    static NodeCondition condition(Node node, String type) {
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow();
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
    }

    private static NodeCondition nodeCondition(String type, String status, String reason, String now) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
