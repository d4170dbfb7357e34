package skiff.scheduler.framework;

/** The outcome of one scheduling attempt. */
public sealed interface ScheduleResult {
    /** The pod goes to {@code node}; {@code evaluated} nodes were filtered, {@code feasible} of them fitted. */
    record Suggested(String node, int evaluated, int feasible) implements ScheduleResult {}

    /** No node fits; {@code message} is the FailedScheduling text. */
    record Unschedulable(String message) implements ScheduleResult {}
}
