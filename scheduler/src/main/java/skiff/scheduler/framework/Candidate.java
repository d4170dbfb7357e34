package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * A node the preemptor would fit on once {@code victims} (most important first) are gone, and how many of them
 * a PodDisruptionBudget protects (k/k pkg/scheduler/framework/preemption/preemption.go Candidate).
 */
public record Candidate(String node, List<Pod> victims, int pdbViolations) {
    public Candidate {
        victims = List.copyOf(victims);
    }
}
