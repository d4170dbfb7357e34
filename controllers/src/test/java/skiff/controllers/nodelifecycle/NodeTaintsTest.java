package skiff.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The taints that follow a node's conditions (TaintNodesByCondition and taint-based eviction). */
class NodeTaintsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anUnknownNodeIsUnreachableForSchedulingAndExecution() {
        assertThat(NodeTaints.desired(node("Unknown").build(), NOW))
                .extracting(Taint::getKey, Taint::getEffect, Taint::getTimeAdded).containsExactlyInAnyOrder(
                        tuple("node.kubernetes.io/unreachable", "NoSchedule", null),
                        tuple("node.kubernetes.io/unreachable", "NoExecute", "2026-01-01T00:00:00Z"));
    }

    @Test
    void aNotReadyNodeIsNotReadyForSchedulingAndExecution() {
        assertThat(NodeTaints.desired(node("False").build(), NOW)).extracting(Taint::getKey, Taint::getEffect)
                .containsExactlyInAnyOrder(tuple("node.kubernetes.io/not-ready", "NoSchedule"),
                        tuple("node.kubernetes.io/not-ready", "NoExecute"));
    }

    @Test
    void aReadyNodeLosesTheManagedTaintsAndKeepsOthers() {
        Node node = node("True").editOrNewSpec().withTaints(
                new TaintBuilder().withKey("node.kubernetes.io/unreachable").withEffect("NoExecute").build(),
                new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build())
                .endSpec().build();

        assertThat(NodeTaints.desired(node, NOW)).extracting(Taint::getKey).containsExactly("dedicated");
    }

    @Test
    void anExistingTaintKeepsTheTimeItWasAdded() {
        Node node = node("Unknown").editOrNewSpec().withTaints(new TaintBuilder()
                .withKey("node.kubernetes.io/unreachable").withEffect("NoExecute")
                .withTimeAdded("2025-12-31T23:59:00Z").build()).endSpec().build();

        assertThat(NodeTaints.desired(node, NOW)).filteredOn(t -> t.getEffect().equals("NoExecute"))
                .singleElement().satisfies(t -> assertThat(t.getTimeAdded()).isEqualTo("2025-12-31T23:59:00Z"));
    }

    @Test
    void pressureConditionsAndCordoningTaintNoSchedule() {
        Node node = node("True").editStatus().addNewCondition().withType("MemoryPressure").withStatus("True")
                .endCondition().endStatus().editOrNewSpec().withUnschedulable(true).endSpec().build();

        assertThat(NodeTaints.desired(node, NOW)).extracting(Taint::getKey, Taint::getEffect)
                .containsExactlyInAnyOrder(tuple("node.kubernetes.io/memory-pressure", "NoSchedule"),
                        tuple("node.kubernetes.io/unschedulable", "NoSchedule"));
    }

    private static NodeBuilder node(String ready) {
        return new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus(ready).endCondition().endStatus();
    }
}
