package skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.controllers.framework.EventRecorder;
import skiff.controllers.framework.SyncResult;

/**
 * One health check of one node (k/k node_lifecycle_controller.go monitorNodeHealth): a node silent for longer
 * than the grace period gets Unknown conditions; its taints follow its conditions; the pods of a node that is not
 * Ready are marked not Ready (MarkPodsNotReady), so that Services stop sending them traffic.
 */
final class NodeLifecycleSync {
    static final String NODE_INDEX = "nodelifecycle/nodeName";
    private static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleSync.class);

    private final Store<Node> nodes;
    private final Store<Lease> leases;
    private final Indexer<Pod> pods;
    private final NodeHealthTracker health;
    private final NodeLifecycleOptions options;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    NodeLifecycleSync(Store<Node> nodes, Store<Lease> leases, Indexer<Pod> pods, NodeHealthTracker health,
            NodeLifecycleOptions options, KubernetesClient client, EventRecorder events, Clock clock) {
        this.nodes = nodes;
        this.leases = leases;
        this.pods = pods;
        this.health = health;
        this.options = options;
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String name) {
        Node node = nodes.getByKey(name);
        if (node == null) {
            health.forget(name);
            return SyncResult.done();
        }
        try {
            check(node);
            return SyncResult.done();
        } catch (KubernetesClientException e) {
            return SyncResult.retry("node " + name + ": " + e.getMessage());
        }
    }

    private void check(Node node) {
        Instant now = clock.now();
        Lease lease = leases.getByKey(LEASE_NAMESPACE + "/" + node.getMetadata().getName());
        Instant lastSeen = health.observe(node, lease, now);
        Duration grace = NodeConditions.find(node, NodeConditions.READY).isPresent() ? options.gracePeriod()
                : options.startupGracePeriod();
        String wasReady = NodeConditions.readyStatus(node);
        if (now.isAfter(lastSeen.plus(grace))) {
            List<NodeCondition> conditions = NodeConditions.unknown(node, now);
            if (!conditions.equals(node.getStatus() == null ? null : node.getStatus().getConditions())) {
                node = client.nodes().resource(new NodeBuilder(node).editOrNewStatus().withConditions(conditions)
                        .endStatus().build()).updateStatus();
                LOG.info("node={} stopped posting status, conditions now Unknown", node.getMetadata().getName());
            }
        }
        String ready = NodeConditions.readyStatus(node);
        if ("True".equals(wasReady) && !"True".equals(ready)) {
            // k/k pkg/controller/util/node RecordNodeStatusChange.
            events.event(new ObjectReferenceBuilder().withKind("Node").withName(node.getMetadata().getName())
                    .withUid(node.getMetadata().getName()).build(), EventRecorder.NORMAL, "NodeNotReady",
                    "Node " + node.getMetadata().getName() + " status is now: NodeNotReady");
        }
        node = syncTaints(node, now);
        if (!"True".equals(ready)) {
            markPodsNotReady(node, now);
        }
    }

    private Node syncTaints(Node node, Instant now) {
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<Taint> desired = NodeTaints.desired(node, now);
        if (NodeTaints.sameSet(current, desired)) {
            return node;
        }
        LOG.info("node={} taints {}", node.getMetadata().getName(),
                desired.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList());
        return client.nodes().resource(new NodeBuilder(node).editOrNewSpec().withTaints(desired).endSpec().build())
                .update();
    }

    /**
     * k/k pkg/controller/util/node/controller_utils.go MarkPodsNotReady: every pod of the node whose Ready
     * condition is not False gets it False, and a NodeNotReady Warning.
     */
    private void markPodsNotReady(Node node, Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (Pod pod : pods.byIndex(NODE_INDEX, node.getMetadata().getName())) {
            if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
                continue;
            }
            List<PodCondition> conditions = new ArrayList<>();
            boolean changed = false;
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("Ready".equals(c.getType()) && !"False".equals(c.getStatus())) {
                    conditions.add(new PodConditionBuilder(c).withStatus("False").withLastTransitionTime(stamp)
                            .build());
                    changed = true;
                } else {
                    conditions.add(c);
                }
            }
            if (!changed) {
                continue;
            }
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(new PodBuilder(pod)
                        .editStatus().withConditions(conditions).endStatus().build()).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    continue;
                }
                throw e;
            }
            events.event(pod, EventRecorder.WARNING, "NodeNotReady", "Node is not ready");
        }
    }
}
