package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the default preemption plugin reports when preemption cannot help, which is always the case in Skiff, as it
 * does not preempt (k/k pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * framework/preemption/preemption.go Preempt): "preemption: " and a second FitError over the nodes, where nodes
 * refused for unresolvable reasons read "Preemption is not helpful for scheduling", nodes without lower-priority
 * pods "No preemption victims found for incoming pod", and nodes still refusing once all lower-priority pods are
 * gone give that refusal.
 */
public final class PreemptionMessage {
    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    private PreemptionMessage() {}

    public static String of(Pod pod, Diagnosis diagnosis, Map<String, NodeInfo> nodes, List<FilterPlugin> filters) {
        // k/k default_preemption.go PodEligibleToPreemptOthers.
        if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return "preemption: not eligible due to preemptionPolicy=Never.";
        }
        int priority = priority(pod);
        Map<String, FilterResult> results = new LinkedHashMap<>();
        for (var e : diagnosis.refusals().entrySet()) {
            if (e.getValue().code() != Code.UNSCHEDULABLE) {
                continue;
            }
            NodeInfo node = nodes.get(e.getKey());
            results.put(e.getKey(), node == null ? FilterResult.unresolvable(NOT_HELPFUL)
                    : withoutLowerPriorityPods(pod, priority, node, filters));
        }
        int notHelpful = diagnosis.allNodes() - results.size();
        for (int i = 0; i < notHelpful; i++) {
            results.put("\0absent-" + i, FilterResult.unresolvable(NOT_HELPFUL));
        }
        return "preemption: " + FitErrorMessage.of(diagnosis.allNodes(), results, "");
    }

    // k/k default_preemption.go SelectVictimsOnNode: remove every lower-priority pod, then filter again.
    private static FilterResult withoutLowerPriorityPods(Pod pod, int priority, NodeInfo node,
            List<FilterPlugin> filters) {
        NodeInfo trial = node.copy();
        boolean anyVictim = false;
        for (Pod p : List.copyOf(trial.pods())) {
            if (priority(p) < priority) {
                trial.removePod(p.getMetadata().getUid());
                anyVictim = true;
            }
        }
        if (!anyVictim) {
            return FilterResult.unresolvable(NO_VICTIMS);
        }
        for (FilterPlugin f : filters) {
            Optional<FilterResult> refusal = f.filter(pod, trial);
            if (refusal.isPresent()) {
                return refusal.get();
            }
        }
        // Preemption would make room here; Skiff does not preempt, so the pod waits like one with no victims.
        return FilterResult.unresolvable(NO_VICTIMS);
    }

    private static int priority(Pod pod) {
        Integer p = pod.getSpec().getPriority();
        return p == null ? 0 : p;
    }
}
