package skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each node's last heartbeat as seen by this controller's clock (k/k node_lifecycle_controller.go
 * tryUpdateNodeHealth): the probe time moves when the Ready condition's heartbeat time or the Lease's renew time
 * changes, so a node is judged by this controller's clock, never by the kubelet's.
 */
final class NodeHealthTracker {
    private final Map<String, NodeHealth> nodes = new ConcurrentHashMap<>();

    /** The last time {@code node} showed a sign of life, after taking in what it shows now. */
    Instant observe(Node node, Lease lease, Instant now) {
        Optional<NodeCondition> ready = NodeConditions.find(node, NodeConditions.READY);
        String heartbeat = ready.map(NodeCondition::getLastHeartbeatTime).orElse(null);
        String transition = ready.map(NodeCondition::getLastTransitionTime).orElse(null);
        String renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? null
                : lease.getSpec().getRenewTime().toInstant().toString();
        NodeHealth health = nodes.compute(node.getMetadata().getName(), (name, saved) -> {
            if (saved == null) {
                // A node never posted a Ready condition counts from its creation.
                Instant first = ready.isPresent() ? now : creation(node, now);
                return new NodeHealth(heartbeat, transition, renew, first);
            }
            boolean moved = !Objects.equals(saved.readyHeartbeat(), heartbeat)
                    || (renew != null && !renew.equals(saved.leaseRenewTime()));
            return new NodeHealth(heartbeat, transition, renew, moved ? now : saved.probeTimestamp());
        });
        return health.probeTimestamp();
    }

    /** k/k handleDisruption, leaving master disruption mode: every node's heartbeat counts from {@code now}. */
    void restartAll(Instant now) {
        nodes.replaceAll((name, h) -> new NodeHealth(h.readyHeartbeat(), h.readyTransition(), h.leaseRenewTime(), now));
    }

    void forget(String node) {
        nodes.remove(node);
    }

    private static Instant creation(Node node, Instant now) {
        String created = node.getMetadata().getCreationTimestamp();
        return created == null ? now : Instant.parse(created);
    }
}
