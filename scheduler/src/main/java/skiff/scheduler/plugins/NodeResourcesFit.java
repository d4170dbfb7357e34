package skiff.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.scheduler.framework.CycleRequests;
import skiff.scheduler.framework.FilterPlugin;
import skiff.scheduler.framework.FilterResult;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.Resources;
import skiff.scheduler.framework.ScorePlugin;

/**
 * k/k pkg/scheduler/framework/plugins/noderesources/fit.go. Filter: one more pod, and the pod's cpu, memory and
 * ephemeral-storage requests, fit within the node's allocatable minus what its pods (bound or assumed) request.
 * Score (the default LeastAllocated strategy, least_allocated.go): the free share of cpu and memory after placing
 * the pod, weighted equally, counting 100m cpu and 200Mi memory for containers that request none.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {
    private final CycleRequests cycle = new CycleRequests();

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    // k/k fit.go fitsRequest: the pod count first, then each resource the pod requests, every shortfall a reason.
    @Override
    public Optional<FilterResult> filter(Pod pod, NodeInfo node) {
        List<String> reasons = new ArrayList<>();
        if (node.podCount() + 1 > node.allowedPodNumber()) {
            reasons.add("Too many pods");
        }
        Resources wanted = cycle.of(pod);
        Resources free = node.allocatable().minus(node.requested());
        if (wanted.milliCpu() > 0 && wanted.milliCpu() > free.milliCpu()) {
            reasons.add("Insufficient cpu");
        }
        if (wanted.memory() > 0 && wanted.memory() > free.memory()) {
            reasons.add("Insufficient memory");
        }
        if (wanted.ephemeralStorage() > 0 && wanted.ephemeralStorage() > free.ephemeralStorage()) {
            reasons.add("Insufficient ephemeral-storage");
        }
        return reasons.isEmpty() ? Optional.empty()
                : Optional.of(FilterResult.unschedulable(reasons.toArray(String[]::new)));
    }

    @Override
    public long score(Pod pod, NodeInfo node) {
        Resources allocatable = node.allocatable();
        Resources requested = node.nonZeroRequested().plus(cycle.nonZero(pod));
        long cpu = leastAllocated(requested.milliCpu(), allocatable.milliCpu());
        long memory = leastAllocated(requested.memory(), allocatable.memory());
        return (cpu + memory) / 2;
    }

    // k/k least_allocated.go leastRequestedScore: nothing free (or nothing allocatable) scores 0.
    static long leastAllocated(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_NODE_SCORE / capacity;
    }
}
