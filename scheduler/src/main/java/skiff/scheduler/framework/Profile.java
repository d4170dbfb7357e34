package skiff.scheduler.framework;

import java.util.List;
import skiff.scheduler.plugins.BalancedAllocation;
import skiff.scheduler.plugins.NodeAffinity;
import skiff.scheduler.plugins.NodeName;
import skiff.scheduler.plugins.NodePorts;
import skiff.scheduler.plugins.NodeResourcesFit;
import skiff.scheduler.plugins.NodeUnschedulable;
import skiff.scheduler.plugins.TaintToleration;

/** The filters, in the order they run, and the weighted scores of one scheduler profile. */
public record Profile(List<FilterPlugin> filters, List<WeightedScore> scores) {
    public Profile {
        filters = List.copyOf(filters);
        scores = List.copyOf(scores);
    }

    /**
     * The default-scheduler plugins Skiff implements, in k/k pkg/scheduler/apis/config/v1/default_plugins.go order,
     * with its score weights: TaintToleration 3, NodeAffinity 2, NodeResourcesFit and BalancedAllocation 1.
     */
    public static Profile defaults() {
        TaintToleration taints = new TaintToleration();
        NodeAffinity affinity = new NodeAffinity();
        NodeResourcesFit fit = new NodeResourcesFit();
        return new Profile(
                List.of(new NodeUnschedulable(), new NodeName(), taints, affinity, new NodePorts(), fit),
                List.of(new WeightedScore(taints, 3), new WeightedScore(affinity, 2), new WeightedScore(fit, 1),
                        new WeightedScore(new BalancedAllocation(), 1)));
    }
}
