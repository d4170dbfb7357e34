package skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import skiff.scheduler.framework.FilterPlugin;
import skiff.scheduler.framework.FilterResult;
import skiff.scheduler.framework.HostPort;
import skiff.scheduler.framework.NodeInfo;

/**
 * k/k pkg/scheduler/framework/plugins/nodeports/node_ports.go: a pod fits only if none of its host ports is taken on
 * the node (same protocol and port, and the same host IP or 0.0.0.0 on either side).
 */
public final class NodePorts implements FilterPlugin {
    static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public Optional<FilterResult> filter(Pod pod, NodeInfo node) {
        if (node.usedPorts().isEmpty()) {
            return Optional.empty();
        }
        for (HostPort wanted : HostPort.of(pod)) {
            for (HostPort used : node.usedPorts()) {
                if (wanted.conflictsWith(used)) {
                    return Optional.of(FilterResult.unschedulable(REASON));
                }
            }
        }
        return Optional.empty();
    }
}
