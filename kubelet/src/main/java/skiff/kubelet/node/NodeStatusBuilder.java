package skiff.kubelet.node;

import skiff.api.version.KubernetesVersion;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Node status this kubelet reports: capacity and allocatable, addresses, system info and the four conditions
 * with heartbeat times; pure (k/k pkg/kubelet/nodestatus/setters.go).
 */
public final class NodeStatusBuilder {
    /** k/k pkg/kubelet/apis/config/v1beta1/defaults.go: maxPods 110. */
    public static final int MAX_PODS = 110;
    public static final String KUBELET_VERSION = KubernetesVersion.GIT_VERSION;

    /** k/k pkg/kubelet/eviction/defaults_linux.go: memory.available 100Mi, nodefs.available 10%. */
    public static final long EVICTION_MEMORY_BYTES = 100L * 1024 * 1024;
    static final long EVICTION_NODEFS_DIVISOR = 10;

    private NodeStatusBuilder() {}

    private static long reserve(long capacity, long reserved) {
        return Math.max(0, capacity - reserved);
    }

    /**
     * @param kubeletPort the port of the kubelet's HTTPS server, which the API server dials for logs and exec
     * @param images the node's images as {@link NodeImages#of} lists them
     * @param previous the status the API has, for condition transition times; may be null
     */
    public static NodeStatus build(MachineInfo machine, String nodeName, String nodeIp, int kubeletPort,
            String runtimeVersion, List<ContainerImage> images, NodeStatus previous, Instant now) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(machine.cpuCores())));
        capacity.put("ephemeral-storage", new Quantity(machine.diskBytes() / 1024 + "Ki"));
        capacity.put("memory", new Quantity(machine.memoryBytes() / 1024 + "Ki"));
        capacity.put("pods", new Quantity(Integer.toString(MAX_PODS)));
        // k/k v1.32 pkg/kubelet/cm/node_container_manager_linux.go GetNodeAllocatableReservation: capacity less
        // kube-reserved and system-reserved (none by default, as in k3s) and the hard eviction thresholds (defaults
        // memory.available<100Mi, nodefs.available<10%).
        Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
        allocatable.put("ephemeral-storage", new Quantity(reserve(machine.diskBytes(),
                machine.diskBytes() / EVICTION_NODEFS_DIVISOR) / 1024 + "Ki"));
        allocatable.put("memory", new Quantity(reserve(machine.memoryBytes(), EVICTION_MEMORY_BYTES) / 1024 + "Ki"));
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<NodeCondition> conditions = new ArrayList<>();
        // k/k nodestatus/setters.go MemoryPressureCondition, DiskPressureCondition, PIDPressureCondition,
        // ReadyCondition: no eviction manager here, so no pressure is ever reported.
        conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", previous, time));
        conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                previous, time));
        conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                previous, time));
        conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", previous, time));
        return new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withCapacity(capacity).withAllocatable(allocatable)
                .withConditions(conditions).withImages(images)
                .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress(nodeIp).build(),
                        new NodeAddressBuilder().withType("Hostname").withAddress(nodeName).build())
                .withNodeInfo(new NodeSystemInfoBuilder().withMachineID(machine.machineId())
                        .withSystemUUID(machine.systemUuid()).withBootID(machine.bootId())
                        .withKernelVersion(machine.kernelVersion()).withOsImage(machine.osImage())
                        .withContainerRuntimeVersion(runtimeVersion).withKubeletVersion(KUBELET_VERSION)
                        .withKubeProxyVersion("").withOperatingSystem(machine.operatingSystem())
                        .withArchitecture(machine.architecture()).build())
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint()
                .endDaemonEndpoints()
                .build();
    }

    private static NodeCondition condition(String type, String status, String reason, String message,
            NodeStatus previous, String now) {
        String transition = now;
        if (previous != null && previous.getConditions() != null) {
            for (NodeCondition c : previous.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    transition = c.getLastTransitionTime();
                }
            }
        }
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(transition).build();
    }
}
