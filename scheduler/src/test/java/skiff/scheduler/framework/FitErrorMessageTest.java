package skiff.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitErrorMessageTest {
    @Test
    void reasonsAreCountedSortedAndFollowedByThePreemptionMessage() {
        Map<String, FilterResult> refusals = new LinkedHashMap<>();
        refusals.put("a", FilterResult.unschedulable("Insufficient cpu"));
        refusals.put("b", FilterResult.unresolvable("node(s) didn't match Pod's node affinity/selector"));
        refusals.put("c", FilterResult.unschedulable("Insufficient cpu", "Insufficient memory"));

        String message = FitErrorMessage.of(3, refusals,
                "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                        + "2 No preemption victims found for incoming pod.");

        assertThat(message).isEqualTo("0/3 nodes are available: 1 Insufficient memory, "
                + "1 node(s) didn't match Pod's node affinity/selector, 2 Insufficient cpu. "
                + "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod..");
    }
}
