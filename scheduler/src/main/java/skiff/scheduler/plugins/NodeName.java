package skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import skiff.scheduler.framework.FilterPlugin;
import skiff.scheduler.framework.FilterResult;
import skiff.scheduler.framework.NodeInfo;

/** k/k pkg/scheduler/framework/plugins/nodename/node_name.go: a pod naming a node fits only that node. */
public final class NodeName implements FilterPlugin {
    static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return "NodeName";
    }

    @Override
    public Optional<FilterResult> filter(Pod pod, NodeInfo node) {
        String wanted = pod.getSpec().getNodeName();
        if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
            return Optional.empty();
        }
        return Optional.of(FilterResult.unresolvable(REASON));
    }
}
