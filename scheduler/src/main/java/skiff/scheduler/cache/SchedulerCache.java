package skiff.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import skiff.scheduler.framework.NodeInfo;

/**
 * The scheduler's view of nodes and the pods assigned to them (k/k pkg/scheduler/backend/cache/cache.go): pods the
 * informer reports with a node, plus pods the scheduler assumed on a node while their binding is in flight, so the
 * next pod already sees their requests. Not thread-safe: the {@code Scheduler} guards it with one lock.
 */
public final class SchedulerCache {
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
    private final Map<String, String> podNodes = new HashMap<>();
    private final Set<String> assumed = new HashSet<>();
    private List<NodeInfo> nodeList = List.of();

    /** The nodes known, in a stable order (the scheduler walks them round-robin). */
    public List<NodeInfo> nodeList() {
        return nodeList;
    }

    public Optional<NodeInfo> node(String name) {
        NodeInfo info = nodes.get(name);
        return info == null || info.node() == null ? Optional.empty() : Optional.of(info);
    }

    public void addOrUpdateNode(Node node) {
        NodeInfo info = nodes.get(node.getMetadata().getName());
        if (info == null) {
            nodes.put(node.getMetadata().getName(), new NodeInfo(node));
            rebuildList();
        } else {
            boolean wasGhost = info.node() == null;
            info.setNode(node);
            if (wasGhost) {
                rebuildList();
            }
        }
    }

    public void removeNode(String name) {
        NodeInfo info = nodes.get(name);
        if (info == null) {
            return;
        }
        // Pods still bound to a deleted node keep counting (k/k cache.go RemoveNode keeps a ghost NodeInfo).
        if (info.podCount() == 0) {
            nodes.remove(name);
        } else {
            info.setNode(null);
        }
        rebuildList();
    }

    /** An assigned, non-terminal pod as the informer reports it; confirms an assumed pod. */
    public void addOrUpdatePod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        String nodeName = pod.getSpec().getNodeName();
        String previous = podNodes.get(uid);
        if (previous != null && !previous.equals(nodeName)) {
            removePod(uid);
        }
        assumed.remove(uid);
        podNodes.put(uid, nodeName);
        nodes.computeIfAbsent(nodeName, n -> new NodeInfo(null)).addPod(pod);
    }

    public void removePod(String uid) {
        assumed.remove(uid);
        String nodeName = podNodes.remove(uid);
        if (nodeName == null) {
            return;
        }
        NodeInfo info = nodes.get(nodeName);
        if (info != null) {
            info.removePod(uid);
            if (info.node() == null && info.podCount() == 0) {
                nodes.remove(nodeName);
            }
        }
    }

    /** Counts {@code pod} on {@code nodeName} before the API confirms the binding (k/k cache.go AssumePod). */
    public void assume(Pod pod, String nodeName) {
        Pod bound = new io.fabric8.kubernetes.api.model.PodBuilder(pod).editSpec().withNodeName(nodeName).endSpec()
                .build();
        addOrUpdatePod(bound);
        assumed.add(pod.getMetadata().getUid());
    }

    /** The binding failed: the assumed pod no longer counts (k/k cache.go ForgetPod). */
    public void forget(String uid) {
        if (assumed.contains(uid)) {
            removePod(uid);
        }
    }

    public boolean isAssumed(String uid) {
        return assumed.contains(uid);
    }

    private void rebuildList() {
        List<NodeInfo> list = new ArrayList<>();
        for (NodeInfo info : nodes.values()) {
            if (info.node() != null) {
                list.add(info);
            }
        }
        nodeList = List.copyOf(list);
    }
}
