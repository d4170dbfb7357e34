package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skiff.api.selector.LabelSelector;
import skiff.api.selector.SelectorParseException;

/**
 * Which would-be victims a PodDisruptionBudget protects (k/k defaultpreemption/default_preemption.go
 * filterPodsWithPDBViolation, 1.32): walking the pods in order, each matching budget (same namespace, non-empty
 * selector, pod not already in status.disruptedPods) spends one of its status.disruptionsAllowed; a pod that drives
 * any budget below zero is violating. Order within each group is kept.
 */
public final class DisruptionBudgets {
    private DisruptionBudgets() {}

    public record Split(List<Pod> violating, List<Pod> nonViolating) {
        public Split {
            violating = List.copyOf(violating);
            nonViolating = List.copyOf(nonViolating);
        }
    }

    public static Split split(List<Pod> pods, List<PodDisruptionBudget> budgets) {
        int[] allowed = new int[budgets.size()];
        LabelSelector[] selectors = new LabelSelector[budgets.size()];
        for (int i = 0; i < budgets.size(); i++) {
            PodDisruptionBudget pdb = budgets.get(i);
            Integer a = pdb.getStatus() == null ? null : pdb.getStatus().getDisruptionsAllowed();
            allowed[i] = a == null ? 0 : a;
            selectors[i] = selector(pdb);
        }
        List<Pod> violating = new ArrayList<>();
        List<Pod> nonViolating = new ArrayList<>();
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            boolean violated = false;
            if (labels != null && !labels.isEmpty()) {
                for (int i = 0; i < budgets.size(); i++) {
                    PodDisruptionBudget pdb = budgets.get(i);
                    if (!pod.getMetadata().getNamespace().equals(pdb.getMetadata().getNamespace())
                            || selectors[i].isNothing() || selectors[i].isEverything()
                            || !selectors[i].matches(labels) || alreadyDisrupted(pdb, pod)) {
                        continue;
                    }
                    if (--allowed[i] < 0) {
                        violated = true;
                    }
                }
            }
            (violated ? violating : nonViolating).add(pod);
        }
        return new Split(violating, nonViolating);
    }

    // A nil or empty selector matches nothing here; an invalid one too.
    private static LabelSelector selector(PodDisruptionBudget pdb) {
        if (pdb.getSpec() == null || pdb.getSpec().getSelector() == null) {
            return LabelSelector.nothing();
        }
        try {
            return LabelSelector.fromFabric8(pdb.getSpec().getSelector());
        } catch (SelectorParseException e) {
            return LabelSelector.nothing();
        }
    }

    private static boolean alreadyDisrupted(PodDisruptionBudget pdb, Pod pod) {
        return pdb.getStatus() != null && pdb.getStatus().getDisruptedPods() != null
                && pdb.getStatus().getDisruptedPods().containsKey(pod.getMetadata().getName());
    }
}
