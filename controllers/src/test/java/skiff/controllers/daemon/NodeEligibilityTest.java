package skiff.controllers.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeEligibilityTest {
    record Case(String name, Consumer<Node> node, Consumer<DaemonSet> ds, NodeEligibility expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final NodeEligibility RUN = new NodeEligibility(true, true);
    private static final NodeEligibility STAY_ONLY = new NodeEligibility(false, true);

    static Case[] cases() {
        return new Case[] {
            new Case("a plain node runs the pod", n -> {}, d -> {}, RUN),
            new Case("a node selector that does not match", n -> {},
                    d -> d.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("disk", "ssd")),
                    NodeEligibility.NO),
            new Case("a node selector that matches", n -> n.getMetadata().getLabels().put("disk", "ssd"),
                    d -> d.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("disk", "ssd")), RUN),
            new Case("required node affinity NotIn the node's zone", n -> n.getMetadata().getLabels().put("zone", "a"),
                    d -> d.getSpec().getTemplate().getSpec().setAffinity(DaemonPods.bindTo(null, "x")),
                    NodeEligibility.NO),
            new Case("an untolerated NoSchedule taint keeps new pods off but lets existing ones stay",
                    n -> n.getSpec().getTaints().add(new TaintBuilder().withKey("dedicated").withEffect("NoSchedule")
                            .build()),
                    d -> {}, STAY_ONLY),
            new Case("an untolerated NoExecute taint evicts", n -> n.getSpec().getTaints().add(
                    new TaintBuilder().withKey("dedicated").withEffect("NoExecute").build()), d -> {},
                    NodeEligibility.NO),
            new Case("a tolerated taint", n -> n.getSpec().getTaints().add(
                    new TaintBuilder().withKey("dedicated").withValue("db").withEffect("NoSchedule").build()),
                    d -> d.getSpec().getTemplate().getSpec().getTolerations().add(new TolerationBuilder()
                            .withKey("dedicated").withOperator("Equal").withValue("db").build()), RUN),
            new Case("daemon pods tolerate not-ready nodes", n -> n.getSpec().getTaints().add(
                    new TaintBuilder().withKey("node.kubernetes.io/not-ready").withEffect("NoExecute").build()),
                    d -> {}, RUN),
            new Case("daemon pods tolerate cordoned nodes", n -> n.getSpec().getTaints().add(
                    new TaintBuilder().withKey("node.kubernetes.io/unschedulable").withEffect("NoSchedule").build()),
                    d -> {}, RUN),
            new Case("only host-network pods tolerate an unavailable network", n -> n.getSpec().getTaints().add(
                    new TaintBuilder().withKey("node.kubernetes.io/network-unavailable").withEffect("NoSchedule")
                            .build()), d -> {}, STAY_ONLY),
            new Case("host-network pods tolerate an unavailable network", n -> n.getSpec().getTaints().add(
                    new TaintBuilder().withKey("node.kubernetes.io/network-unavailable").withEffect("NoSchedule")
                            .build()), d -> d.getSpec().getTemplate().getSpec().setHostNetwork(true), RUN),
            new Case("PreferNoSchedule taints do not matter", n -> n.getSpec().getTaints().add(
                    new TaintBuilder().withKey("soft").withEffect("PreferNoSchedule").build()), d -> {}, RUN),
            new Case("a template naming another node", n -> {},
                    d -> d.getSpec().getTemplate().getSpec().setNodeName("elsewhere"), NodeEligibility.NO),
        };
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decidesWhetherADaemonPodRunsOnANode(Case c) {
        Node node = new NodeBuilder().withNewMetadata().withName("n1").withLabels(new java.util.HashMap<>())
                .endMetadata().withNewSpec().withTaints(new java.util.ArrayList<>()).endSpec().build();
        DaemonSet ds = new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata().withNewSpec()
                .withNewTemplate().withNewSpec().withTolerations(new java.util.ArrayList<>()).addNewContainer()
                .withName("main").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build();
        c.node().accept(node);
        c.ds().accept(ds);

        assertThat(NodeEligibility.of(node, ds)).isEqualTo(c.expected());
    }
}
