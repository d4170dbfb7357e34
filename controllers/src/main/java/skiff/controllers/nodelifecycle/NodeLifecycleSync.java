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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;

/**
 * The health checks of the node lifecycle controller (k/k node_lifecycle_controller.go monitorNodeHealth): a node
 * silent for longer than the grace period gets Unknown conditions; its NoSchedule taints follow its conditions; a
 * node that is not Ready waits in its zone's queue for the NoExecute taint that starts evicting its pods; the pods of
 * a node that is not Ready are marked not Ready (MarkPodsNotReady), so that Services stop sending them traffic. Zone
 * health sets the pace of tainting (see {@link ZoneDisruption}).
 */
final class NodeLifecycleSync {
    static final String NODE_INDEX = "nodelifecycle/nodeName";
    private static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleSync.class);

    private final Store<Node> nodes;
    private final Store<Lease> leases;
    private final Indexer<Pod> pods;
    private final NodeHealthTracker health;
    private final ZoneDisruption zones;
    private final NodeLifecycleOptions options;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final Clock clock;

    NodeLifecycleSync(Store<Node> nodes, Store<Lease> leases, Indexer<Pod> pods, NodeLifecycleOptions options,
            KubernetesClient client, EventRecorder events, Clock clock) {
        this.nodes = nodes;
        this.leases = leases;
        this.pods = pods;
        this.health = new NodeHealthTracker();
        this.zones = new ZoneDisruption(options, clock);
        this.options = options;
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String name) {
        Node node = nodes.getByKey(name);
        if (node == null) {
            health.forget(name);
            zones.forget(name);
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
        node = updateTaints(node, NodeTaints.withConditionTaints(node));
        if (NodeConditions.find(node, NodeConditions.READY).isPresent()) {
            // k/k monitorNodeHealth decides on the Ready status it observed before this check, so that a node that
            // just went silent is counted in its zone's health before it can be queued for a NoExecute taint.
            node = processTaintBasedEviction(node, wasReady, now);
        }
        if (!"True".equals(ready)) {
            markPodsNotReady(node, now);
        }
    }

    /**
     * k/k processTaintBaseEviction: a Ready node loses its NoExecute taint at once and leaves the queue; a node that
     * is not Ready has its NoExecute taint swapped at once if it carries the other one (not-ready and unreachable
     * follow the Ready condition's value), and otherwise waits in its zone's queue for one.
     */
    private Node processTaintBasedEviction(Node node, String ready, Instant now) {
        String name = node.getMetadata().getName();
        String key = NodeTaints.noExecuteKeyFor(ready);
        if (key == null) {
            zones.forget(name);
            return updateTaints(node, NodeTaints.withNoExecute(node, null, now));
        }
        String other = NodeTaints.NOT_READY.equals(key) ? NodeTaints.UNREACHABLE : NodeTaints.NOT_READY;
        if (NodeTaints.has(node, other, NodeTaints.NO_EXECUTE)) {
            return updateTaints(node, NodeTaints.withNoExecute(node, key, now));
        }
        if (!NodeTaints.has(node, key, NodeTaints.NO_EXECUTE)) {
            zones.queue(NodeZones.key(node)).add(name);
        }
        return node;
    }

    /**
     * k/k doNoExecuteTaintingPass: the queued nodes get their NoExecute taint as fast as their zone's rate allows,
     * unless they are Ready again by then. A node whose taint cannot be written now stays first in line.
     */
    void taintQueuedNodes() {
        if (zones.anyQueued()) {
            checkZones();
        }
        zones.process(name -> {
            Node node = nodes.getByKey(name);
            if (node == null) {
                return true;
            }
            if (NodeConditions.find(node, NodeConditions.READY).isEmpty()) {
                return false;
            }
            String key = NodeTaints.noExecuteKeyFor(NodeConditions.readyStatus(node));
            if (key == null) {
                return true;
            }
            try {
                updateTaints(node, NodeTaints.withNoExecute(node, key, clock.now()));
                return true;
            } catch (KubernetesClientException e) {
                LOG.debug("node={} NoExecute taint not written yet: {}", name, e.getMessage());
                return false;
            }
        });
    }

    /**
     * k/k monitorNodeHealth then handleDisruption: counts the Ready nodes of each zone (leaving out nodes labelled
     * node.kubernetes.io/exclude-disruption) and acts on a change of the cluster's disruption mode.
     */
    void checkZones() {
        List<Node> all = nodes.list();
        Map<String, List<String>> readyByZone = new HashMap<>();
        for (Node node : all) {
            if (!NodeZones.excludedFromDisruption(node)) {
                readyByZone.computeIfAbsent(NodeZones.key(node), z -> new ArrayList<>()).add(
                        NodeConditions.find(node, NodeConditions.READY).map(NodeCondition::getStatus).orElse(""));
            }
        }
        switch (zones.check(readyByZone)) {
            case ENTERED_FULL_DISRUPTION -> {
                LOG.info("no node is Ready: entering full disruption mode, no NoExecute taints until one is");
                for (Node node : all) {
                    zones.forget(node.getMetadata().getName());
                    removeNoExecuteTaints(node.getMetadata().getName());
                }
            }
            case EXITED_FULL_DISRUPTION -> {
                LOG.info("some nodes are Ready: leaving full disruption mode");
                health.restartAll(clock.now());
            }
            case NONE -> { }
        }
    }

    /** k/k markNodeAsReachable (RemoveTaintOffNode): read afresh, so that no taint is missed for a stale cache. */
    private void removeNoExecuteTaints(String name) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Node node = client.nodes().withName(name).get();
                if (node != null) {
                    updateTaints(node, NodeTaints.withNoExecute(node, null, clock.now()));
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warn("node={} NoExecute taints not removed: {}", name, e.getMessage());
                    return;
                }
            }
        }
    }

    private Node updateTaints(Node node, List<Taint> desired) {
        if (NodeTaints.sameSet(NodeTaints.taints(node), desired)) {
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
