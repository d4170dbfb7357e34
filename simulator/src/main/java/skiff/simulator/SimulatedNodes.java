package skiff.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The Node and Lease objects a simulated node writes, as a kubelet would write them (k/k kubelet_node_status.go). */
final class SimulatedNodes {
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String SIMULATED_LABEL = "skiff.io/simulated";

    private SimulatedNodes() {}

    static Node node(SimulatorConfig config, int index, Instant now) {
        String name = config.nodeName(index);
        return new NodeBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux",
                            "kubernetes.io/arch", "amd64", SIMULATED_LABEL, "true"))
                .endMetadata()
                .withStatus(status(config, index, null, now))
                .build();
    }

    /**
     * The status the node reports now: always Ready and free of pressure, heartbeats stamped {@code now}; a condition
     * whose status {@code previous} already shows keeps its transition time (k/k kubelet_node_status.go
     * setNodeStatus, nodestatus/setters.go ReadyCondition).
     */
    static NodeStatus status(SimulatorConfig config, int index, NodeStatus previous, Instant now) {
        String stamp = stamp(now);
        return new NodeStatusBuilder()
                .withCapacity(config.capacity())
                .withAllocatable(config.capacity())
                .withConditions(
                        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", previous,
                                stamp),
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                                "kubelet has sufficient memory available", previous, stamp),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                                previous, stamp),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID",
                                "kubelet has sufficient PID available", previous, stamp))
                .addNewAddress().withType("InternalIP").withAddress(nodeIp(index)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(config.nodeName(index)).endAddress()
                .withNewNodeInfo()
                    .withKubeletVersion("v1.32.4-skiff-sim").withKubeProxyVersion("")
                    .withContainerRuntimeVersion("sim://skiff").withOperatingSystem("linux")
                    .withArchitecture("amd64").withOsImage("simulated").withKernelVersion("")
                    .withMachineID("").withSystemUUID("").withBootID("")
                .endNodeInfo()
                .build();
    }

    /**
     * Whether {@code stored} differs from {@code wanted} in anything but heartbeat times (k/k kubelet_node_status.go
     * nodeStatusHasChanged), looking only at what a simulated node reports.
     */
    static boolean statusChanged(NodeStatus wanted, NodeStatus stored) {
        if (stored == null) {
            return true;
        }
        return !conditionsWithoutHeartbeats(wanted).equals(conditionsWithoutHeartbeats(stored))
                || !Objects.equals(wanted.getCapacity(), stored.getCapacity())
                || !Objects.equals(wanted.getAllocatable(), stored.getAllocatable())
                || !Objects.equals(wanted.getAddresses(), stored.getAddresses())
                || !Objects.equals(wanted.getNodeInfo(), stored.getNodeInfo());
    }

    /** Whether the node's Ready condition is True. */
    static boolean ready(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static Map<String, NodeCondition> conditionsWithoutHeartbeats(NodeStatus status) {
        Map<String, NodeCondition> byType = new TreeMap<>();
        if (status.getConditions() != null) {
            for (NodeCondition c : status.getConditions()) {
                byType.put(c.getType(), new NodeConditionBuilder(c).withLastHeartbeatTime(null).build());
            }
        }
        return byType;
    }

    static Lease lease(String nodeName, Node node, Instant now) {
        return new LeaseBuilder()
                .withNewMetadata()
                    .withName(nodeName)
                    .withNamespace(LEASE_NAMESPACE)
                    .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(nodeName)
                        .withUid(node.getMetadata().getUid()).endOwnerReference()
                .endMetadata()
                .withNewSpec()
                    .withHolderIdentity(nodeName)
                    .withLeaseDurationSeconds(40)
                    .withRenewTime(now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS))
                .endSpec()
                .build();
    }

    /** 10.128.0.0/9 for nodes, one address each. */
    static String nodeIp(int index) {
        int n = index + 1;
        return "10." + (128 + ((n >> 16) & 127)) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    private static NodeCondition condition(String type, String status, String reason, String message,
            NodeStatus previous, String stamp) {
        String transition = stamp;
        if (previous != null && previous.getConditions() != null) {
            for (NodeCondition c : previous.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(stamp).withLastTransitionTime(transition).build();
    }

    static String stamp(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }
}
