package skiff.kubelet.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PodStatusMergeTest {
    private static final Set<String> OWNED = Set.of("Ready");

    @Test
    void conditionsOfOtherWritersStayAndOwnedOnesAreReplaced() {
        PodStatus api = new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("False").endCondition().addNewCondition().withType("example.com/gate").withStatus("True")
                .endCondition().build();
        PodStatus kubelet = new PodStatusBuilder().withPhase("Running").addNewCondition().withType("Ready")
                .withStatus("True").endCondition().build();

        PodStatus merged = PodStatusMerge.merge(api, kubelet, OWNED);

        assertThat(merged.getConditions()).extracting(PodCondition::getType, PodCondition::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("example.com/gate", "True"),
                        org.assertj.core.groups.Tuple.tuple("Ready", "True"));
    }

    @Test
    void aTerminalPhaseInTheApiStays() {
        PodStatus api = new PodStatusBuilder().withPhase("Failed").build();
        PodStatus kubelet = new PodStatusBuilder().withPhase("Running").build();

        assertThat(PodStatusMerge.merge(api, kubelet, OWNED).getPhase()).isEqualTo("Failed");
    }
}
