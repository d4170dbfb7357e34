package skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import skiff.scheduler.framework.CycleRequests;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.Resources;
import skiff.scheduler.framework.ScorePlugin;

/**
 * k/k pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go: nodes whose cpu and memory would be
 * used in equal shares after placing the pod rank higher; the score is (1 - standard deviation of the shares) x 100,
 * on the actual requests (no defaults for containers without requests), each share capped at 1.
 */
public final class BalancedAllocation implements ScorePlugin {
    private final CycleRequests cycle = new CycleRequests();

    @Override
    public String name() {
        return "NodeResourcesBalancedAllocation";
    }

    @Override
    public long score(Pod pod, NodeInfo node) {
        Resources allocatable = node.allocatable();
        Resources requested = node.requested().plus(cycle.of(pod));
        double cpu = share(requested.milliCpu(), allocatable.milliCpu());
        double memory = share(requested.memory(), allocatable.memory());
        // With two resources the standard deviation is half their difference.
        double deviation = Math.abs(cpu - memory) / 2;
        return (long) ((1 - deviation) * MAX_NODE_SCORE);
    }

    private static double share(long requested, long allocatable) {
        if (allocatable == 0) {
            return 0;
        }
        return Math.min(1.0, (double) requested / allocatable);
    }
}
