package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.List;

/**
 * What one scheduling attempt reads besides the nodes: the pod's current nominated node (or null), the pods
 * nominated to nodes, the disruption budgets, the time, and the pod's volumes as VolumeBinding's PreFilter found them.
 */
public record CycleInputs(String nominatedNode, NominatedPods nominated, List<PodDisruptionBudget> budgets,
        Instant now, PodVolumes volumes) {
    public CycleInputs {
        budgets = List.copyOf(budgets);
    }

    /** Inputs of a pod without persistent volumes. */
    public CycleInputs(String nominatedNode, NominatedPods nominated, List<PodDisruptionBudget> budgets, Instant now) {
        this(nominatedNode, nominated, budgets, now, PodVolumes.NONE);
    }

    public static CycleInputs none(Instant now) {
        return new CycleInputs(null, NominatedPods.NONE, List.of(), now);
    }
}
