package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fewest pods to remove from one node so the preemptor fits (k/k defaultpreemption/default_preemption.go
 * SelectVictimsOnNode, 1.32): take away every lower-priority pod; if the preemptor still does not fit, the node's
 * refusal stands. Otherwise put them back one by one, most important first, budget-protected ones before the rest,
 * keeping each that still lets the preemptor fit; those that do not are the victims.
 */
public final class VictimSelection {
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    private VictimSelection() {}

    /** The victims on the node, or why preemption does not help there. */
    public sealed interface Result {}

    public record Victims(List<Pod> pods, int pdbViolations) implements Result {
        public Victims {
            pods = List.copyOf(pods);
        }
    }

    public record Refused(FilterResult refusal) implements Result {}

    public static Result select(Pod preemptor, NodeInfo node, List<PodDisruptionBudget> budgets, NodeFilter filter,
            Instant now) {
        NodeInfo trial = node.copy();
        int priority = PodImportance.priority(preemptor);
        List<Pod> potential = new ArrayList<>();
        for (Pod p : node.pods()) {
            if (PodImportance.priority(p) < priority) {
                potential.add(p);
                trial.removePod(p.getMetadata().getUid());
            }
        }
        if (potential.isEmpty()) {
            return new Refused(FilterResult.unresolvable(NO_VICTIMS));
        }
        Optional<FilterResult> refusal = filter.filter(preemptor, trial);
        if (refusal.isPresent()) {
            return new Refused(refusal.get());
        }
        potential.sort(PodImportance.moreImportantFirst(now));
        DisruptionBudgets.Split split = DisruptionBudgets.split(potential, budgets);
        List<Pod> victims = new ArrayList<>();
        int violations = 0;
        for (Pod p : split.violating()) {
            if (!reprieve(preemptor, p, trial, filter)) {
                victims.add(p);
                violations++;
            }
        }
        for (Pod p : split.nonViolating()) {
            if (!reprieve(preemptor, p, trial, filter)) {
                victims.add(p);
            }
        }
        if (!split.violating().isEmpty() && !split.nonViolating().isEmpty()) {
            victims.sort(PodImportance.moreImportantFirst(now));
        }
        return new Victims(victims, violations);
    }

    // Puts the pod back; keeps it there only if the preemptor still fits.
    private static boolean reprieve(Pod preemptor, Pod pod, NodeInfo trial, NodeFilter filter) {
        trial.addPod(pod);
        if (filter.filter(preemptor, trial).isEmpty()) {
            return true;
        }
        trial.removePod(pod.getMetadata().getUid());
        return false;
    }
}
