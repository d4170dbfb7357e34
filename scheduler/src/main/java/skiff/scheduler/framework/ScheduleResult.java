package skiff.scheduler.framework;

import java.util.Optional;

/** The outcome of one scheduling attempt. */
public sealed interface ScheduleResult {
    /** The pod goes to {@code node}; {@code evaluated} nodes were filtered, {@code feasible} of them fitted. */
    record Suggested(String node, int evaluated, int feasible) implements ScheduleResult {}

    /**
     * No node fits; {@code message} is the FailedScheduling text; {@code preemption} what preemption decided, empty
     * when there were no nodes to try.
     */
    record Unschedulable(String message, Optional<PreemptionOutcome> preemption) implements ScheduleResult {}
}
