package skiff.scheduler.framework;

/** How a filter's refusal can be overcome (k/k pkg/scheduler/framework/interface.go Code). */
public enum Code {
    /** Removing pods from the node (preemption) might make room. */
    UNSCHEDULABLE,
    /** Nothing done to the node's pods would help (labels, taints, name). */
    UNSCHEDULABLE_AND_UNRESOLVABLE
}
