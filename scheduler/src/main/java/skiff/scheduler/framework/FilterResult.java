package skiff.scheduler.framework;

import java.util.List;

/** Why a node cannot take a pod: the reasons as the FailedScheduling message counts them, and how to overcome them. */
public record FilterResult(Code code, List<String> reasons) {
    public FilterResult {
        reasons = List.copyOf(reasons);
    }

    public static FilterResult unschedulable(String... reasons) {
        return new FilterResult(Code.UNSCHEDULABLE, List.of(reasons));
    }

    public static FilterResult unresolvable(String reason) {
        return new FilterResult(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reason));
    }
}
