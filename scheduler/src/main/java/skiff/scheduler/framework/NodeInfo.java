package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node and the pods assigned to it (bound, or assumed by the scheduler while their binding is in flight), with
 * the sums the filters and scores read (k/k pkg/scheduler/framework/types.go NodeInfo).
 */
public final class NodeInfo {
    private Node node;
    // Read once per node object: filters and scores ask for them for every pod and every node.
    private Resources allocatable = Resources.NONE;
    private long allowedPodNumber;
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private Resources requested = Resources.NONE;
    private Resources nonZeroRequested = Resources.NONE;
    private final List<HostPort> usedPorts = new ArrayList<>();

    public NodeInfo(Node node) {
        setNode(node);
    }

    public Node node() {
        return node;
    }

    public void setNode(Node node) {
        this.node = node;
        Map<String, Quantity> status = node == null || node.getStatus() == null ? null
                : node.getStatus().getAllocatable();
        this.allocatable = Resources.of(status);
        this.allowedPodNumber = status == null ? 0 : QuantityValues.value(status.get("pods"));
    }

    public String name() {
        return node == null ? null : node.getMetadata().getName();
    }

    public Collection<Pod> pods() {
        return pods.values();
    }

    public int podCount() {
        return pods.size();
    }

    public Resources requested() {
        return requested;
    }

    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    public List<HostPort> usedPorts() {
        return usedPorts;
    }

    public Resources allocatable() {
        return allocatable;
    }

    /** spec.taints, empty when the node has none. */
    public List<io.fabric8.kubernetes.api.model.Taint> taints() {
        return node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
    }

    /** spec.unschedulable: the node is cordoned. */
    public boolean unschedulable() {
        return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    /** status.allocatable["pods"], the most pods the node runs. */
    public long allowedPodNumber() {
        return allowedPodNumber;
    }

    public void addPod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (pods.containsKey(uid)) {
            removePod(uid);
        }
        pods.put(uid, pod);
        requested = requested.plus(PodRequests.of(pod));
        nonZeroRequested = nonZeroRequested.plus(PodRequests.nonZero(pod));
        usedPorts.addAll(HostPort.of(pod));
    }

    public void removePod(String uid) {
        Pod pod = pods.remove(uid);
        if (pod == null) {
            return;
        }
        requested = requested.minus(PodRequests.of(pod));
        nonZeroRequested = nonZeroRequested.minus(PodRequests.nonZero(pod));
        for (HostPort p : HostPort.of(pod)) {
            usedPorts.remove(p);
        }
    }

    /** A copy that a what-if (removing lower-priority pods) may change without touching the cache. */
    public NodeInfo copy() {
        NodeInfo copy = new NodeInfo(node);
        pods.values().forEach(copy::addPod);
        return copy;
    }
}
