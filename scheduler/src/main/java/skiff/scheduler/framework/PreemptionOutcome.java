package skiff.scheduler.framework;

/**
 * What preemption did for a pod no node fits (k/k framework/preemption/preemption.go Preempt, 1.32), with the text
 * that follows the filters' reasons in the FailedScheduling message ("" when it found victims).
 */
public sealed interface PreemptionOutcome {
    String message();

    /** The pod may not preempt now; its nominated node stays as it is. */
    record NotEligible(String message) implements PreemptionOutcome {}

    /** No node would fit even without lower-priority pods; the pod's nominated node is cleared. */
    record NoCandidate(String message) implements PreemptionOutcome {}

    /** Evict the candidate's victims and nominate its node. */
    record Preempt(Candidate candidate) implements PreemptionOutcome {
        @Override
        public String message() {
            return "";
        }
    }
}
