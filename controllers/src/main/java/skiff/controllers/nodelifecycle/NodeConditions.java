package skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A node's status conditions as the node lifecycle controller reads and overrides them. */
final class NodeConditions {
    static final String READY = "Ready";
    // k/k node_lifecycle_controller.go tryUpdateNodeHealth: the conditions a kubelet owns (NetworkUnavailable is left
    // to the network plugin).
    static final List<String> KUBELET_OWNED = List.of(READY, "MemoryPressure", "DiskPressure", "PIDPressure");

    private NodeConditions() {}

    static Optional<NodeCondition> find(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static String readyStatus(Node node) {
        return find(node, READY).map(NodeCondition::getStatus).orElse("Unknown");
    }

    /**
     * k/k tryUpdateNodeHealth: once the grace period is over every kubelet-owned condition becomes Unknown, with
     * reason NodeStatusUnknown (or NodeStatusNeverUpdated for one the kubelet never posted); the heartbeat time is
     * kept, the transition time is now when the status changes.
     */
    static List<NodeCondition> unknown(Node node, Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<NodeCondition> conditions = new ArrayList<>();
        if (node.getStatus() != null && node.getStatus().getConditions() != null) {
            for (NodeCondition c : node.getStatus().getConditions()) {
                if (KUBELET_OWNED.contains(c.getType()) && !"Unknown".equals(c.getStatus())) {
                    conditions.add(new NodeConditionBuilder(c).withStatus("Unknown").withReason("NodeStatusUnknown")
                            .withMessage("Kubelet stopped posting node status.").withLastTransitionTime(stamp).build());
                } else {
                    conditions.add(c);
                }
            }
        }
        for (String type : KUBELET_OWNED) {
            if (conditions.stream().noneMatch(c -> type.equals(c.getType()))) {
                conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown")
                        .withReason("NodeStatusNeverUpdated").withMessage("Kubelet never posted node status.")
                        .withLastHeartbeatTime(node.getMetadata().getCreationTimestamp())
                        .withLastTransitionTime(stamp).build());
            }
        }
        return conditions;
    }
}
