package skiff.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The taints that follow a node's conditions (TaintNodesByCondition) and those of taint-based eviction. */
class NodeTaintsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anUnknownNodeIsUnreachableForScheduling() {
        assertThat(NodeTaints.withConditionTaints(node("Unknown").build()))
                .extracting(Taint::getKey, Taint::getEffect, Taint::getTimeAdded)
                .containsExactly(tuple("node.kubernetes.io/unreachable", "NoSchedule", null));
    }

    @Test
    void aNotReadyNodeIsNotReadyForScheduling() {
        assertThat(NodeTaints.withConditionTaints(node("False").build())).extracting(Taint::getKey, Taint::getEffect)
                .containsExactly(tuple("node.kubernetes.io/not-ready", "NoSchedule"));
    }

    @Test
    void conditionTaintsLeaveNoExecuteTaintsAndOtherKeysAlone() {
        Node node = node("True").editOrNewSpec().withTaints(
                new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoSchedule").build(),
                new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").build(),
                new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build())
                .endSpec().build();

        assertThat(NodeTaints.withConditionTaints(node)).extracting(Taint::getKey, Taint::getEffect)
                .containsExactlyInAnyOrder(tuple("node.kubernetes.io/unreachable", "NoExecute"),
                        tuple("dedicated", "NoSchedule"));
    }

    @Test
    void pressureConditionsAndCordoningTaintNoSchedule() {
        Node node = node("True").editStatus().addNewCondition().withType("MemoryPressure").withStatus("True")
                .endCondition().endStatus().editOrNewSpec().withUnschedulable(true).endSpec().build();

        assertThat(NodeTaints.withConditionTaints(node)).extracting(Taint::getKey, Taint::getEffect)
                .containsExactlyInAnyOrder(tuple("node.kubernetes.io/memory-pressure", "NoSchedule"),
                        tuple("node.kubernetes.io/unschedulable", "NoSchedule"));
    }

    @Test
    void theNoExecuteTaintFollowsTheReadyStatusAndIsStampedWhenAdded() {
        assertThat(NodeTaints.noExecuteKeyFor("Unknown")).isEqualTo("node.kubernetes.io/unreachable");
        assertThat(NodeTaints.noExecuteKeyFor("False")).isEqualTo("node.kubernetes.io/not-ready");
        assertThat(NodeTaints.noExecuteKeyFor("True")).isNull();
        Node node = node("Unknown").editOrNewSpec().withTaints(
                new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoExecute").build(),
                new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoSchedule").build())
                .endSpec().build();

        assertThat(NodeTaints.withNoExecute(node, "node.kubernetes.io/unreachable", NOW))
                .extracting(Taint::getKey, Taint::getEffect, Taint::getTimeAdded).containsExactlyInAnyOrder(
                        tuple("node.kubernetes.io/not-ready", "NoSchedule", null),
                        tuple("node.kubernetes.io/unreachable", "NoExecute", "2026-01-01T00:00:00Z"));
        assertThat(NodeTaints.withNoExecute(node, null, NOW)).extracting(Taint::getEffect).containsExactly("NoSchedule");
    }

    @Test
    void anExistingNoExecuteTaintKeepsTheTimeItWasAdded() {
        Node node = node("Unknown").editOrNewSpec().withTaints(new TaintBuilder()
                .withKey("node.kubernetes.io/unreachable").withEffect("NoExecute")
                .withTimeAdded("2025-12-31T23:59:00Z").build()).endSpec().build();

        assertThat(NodeTaints.withNoExecute(node, "node.kubernetes.io/unreachable", NOW)).singleElement()
                .satisfies(t -> assertThat(t.getTimeAdded()).isEqualTo("2025-12-31T23:59:00Z"));
    }

    private static NodeBuilder node(String ready) {
        return new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus(ready).endCondition().endStatus();
    }
}
