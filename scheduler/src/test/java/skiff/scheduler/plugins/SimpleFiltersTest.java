package skiff.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import skiff.scheduler.framework.Code;
import skiff.scheduler.framework.NodeInfo;
import skiff.scheduler.framework.Nodes;
import skiff.scheduler.framework.Pods;

/** NodeName, NodeUnschedulable and NodePorts (k/k node_name_test.go, node_unschedulable_test.go, node_ports_test.go). */
class SimpleFiltersTest {
    @Test
    void aPodNamingANodeFitsOnlyThatNode() {
        Pod pod = Pods.pod("p").editSpec().withNodeName("n1").endSpec().build();

        assertThat(new NodeName().filter(pod, Nodes.info(Nodes.node("n1", "1", "1Gi", "10")))).isEmpty();
        assertThat(new NodeName().filter(pod, Nodes.info(Nodes.node("n2", "1", "1Gi", "10"))))
                .hasValueSatisfying(r -> assertThat(r.reasons())
                        .containsExactly("node(s) didn't match the requested node name"));
        assertThat(new NodeName().filter(Pods.pod("free").build(), Nodes.info(Nodes.node("n2", "1", "1Gi", "10"))))
                .isEmpty();
    }

    @Test
    void aCordonedNodeTakesOnlyPodsTolerantOfTheUnschedulableTaint() {
        NodeInfo cordoned = Nodes.info(Nodes.node("n", "1", "1Gi", "10").editSpec().withUnschedulable(true).endSpec());
        Pod tolerant = Pods.pod("t").editSpec().withTolerations(TaintTolerationTest.toleration(
                "node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")).endSpec().build();

        assertThat(new NodeUnschedulable().filter(Pods.pod("p").build(), cordoned)).hasValueSatisfying(r -> {
            assertThat(r.reasons()).containsExactly("node(s) were unschedulable");
            assertThat(r.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        });
        assertThat(new NodeUnschedulable().filter(tolerant, cordoned)).isEmpty();
        assertThat(new NodeUnschedulable().filter(Pods.pod("p").build(), Nodes.info(Nodes.node("m", "1", "1Gi", "10"))))
                .isEmpty();
    }

    @Test
    void aNodeWithoutSpecIsNeitherCordonedNorTainted() {
        NodeInfo bare = new NodeInfo(Nodes.node("bare", "1", "1Gi", "10").withSpec(null).build());

        assertThat(new NodeUnschedulable().filter(Pods.pod("p").build(), bare)).isEmpty();
        assertThat(new TaintToleration().filter(Pods.pod("p").build(), bare)).isEmpty();
        assertThat(new TaintToleration().score(Pods.pod("p").build(), bare)).isZero();
    }

    @Test
    void hostPortsConflictOnTheSameProtocolAndPortWhenEitherSideListensOnAllAddresses() {
        NodeInfo node = Nodes.info(Nodes.node("n", "1", "1Gi", "10"));
        node.addPod(withPort("existing", "127.0.0.1", "TCP", 8080));

        assertThat(new NodePorts().filter(withPort("any", null, null, 8080), node)).hasValueSatisfying(r -> {
            assertThat(r.reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
            assertThat(r.code()).isEqualTo(Code.UNSCHEDULABLE);
        });
        assertThat(new NodePorts().filter(withPort("same-ip", "127.0.0.1", "TCP", 8080), node)).isPresent();
        assertThat(new NodePorts().filter(withPort("other-ip", "10.0.0.1", "TCP", 8080), node)).isEmpty();
        assertThat(new NodePorts().filter(withPort("udp", null, "UDP", 8080), node)).isEmpty();
        assertThat(new NodePorts().filter(withPort("other-port", null, null, 8081), node)).isEmpty();

        node.removePod(withPort("existing", "127.0.0.1", "TCP", 8080).getMetadata().getUid());
        assertThat(new NodePorts().filter(withPort("any", null, null, 8080), node)).isEmpty();
    }

    private static Pod withPort(String name, String hostIp, String protocol, int port) {
        return Pods.pod(name).editSpec().editFirstContainer().withPorts(new ContainerPortBuilder()
                .withContainerPort(80).withHostPort(port).withHostIP(hostIp).withProtocol(protocol).build())
                .endContainer().endSpec().build();
    }
}
