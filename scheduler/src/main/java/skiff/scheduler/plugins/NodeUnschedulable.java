package skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.Optional;
import skiff.api.scheduling.Tolerations;
import skiff.scheduler.framework.FilterPlugin;
import skiff.scheduler.framework.FilterResult;
import skiff.scheduler.framework.NodeInfo;

/**
 * k/k pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go: a cordoned node (spec.unschedulable)
 * takes only pods that tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.
 */
public final class NodeUnschedulable implements FilterPlugin {
    static final String REASON = "node(s) were unschedulable";
    private static final Taint UNSCHEDULABLE = new TaintBuilder().withKey("node.kubernetes.io/unschedulable")
            .withEffect("NoSchedule").build();

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public Optional<FilterResult> filter(Pod pod, NodeInfo node) {
        if (!node.unschedulable()
                || Tolerations.tolerated(pod.getSpec().getTolerations(), UNSCHEDULABLE)) {
            return Optional.empty();
        }
        return Optional.of(FilterResult.unresolvable(REASON));
    }
}
