package skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostGatewayRoutesTest {
    private final List<String> calls = new ArrayList<>();
    private final Set<String> refused = new java.util.HashSet<>();
    private final HostGatewayRoutes routes = new HostGatewayRoutes("a", "10.0.0.1", new HostGatewayRoutes.RouteTable() {
        @Override
        public boolean replace(String cidr, String gateway) {
            calls.add("replace " + cidr + " via " + gateway);
            return !refused.contains(cidr);
        }

        @Override
        public void delete(String cidr, String gateway) {
            calls.add("del " + cidr + " via " + gateway);
        }
    });

    @Test
    void routesEveryOtherNodesPodCidrViaItsInternalIp() {
        routes.reconcile(List.of(node("a", "10.42.0.0/24", "10.0.0.1"), node("b", "10.42.1.0/24", "10.0.0.2"),
                node("c", "10.42.2.0/24", "10.0.0.3")));

        assertThat(calls).containsExactly("replace 10.42.1.0/24 via 10.0.0.2", "replace 10.42.2.0/24 via 10.0.0.3");
    }

    @Test
    void skipsNodesWithoutCidrOrAddressAndNodesOnThisMachine() {
        routes.reconcile(List.of(node("b", null, "10.0.0.2"), node("c", "10.42.2.0/24", null),
                node("d", "10.42.3.0/24", "127.0.0.1"), node("e", "10.42.4.0/24", "10.0.0.1")));

        assertThat(calls).isEmpty();
    }

    @Test
    void changesOnlyWhatChangedAndRemovesTheRouteOfAGoneNode() {
        routes.reconcile(List.of(node("b", "10.42.1.0/24", "10.0.0.2"), node("c", "10.42.2.0/24", "10.0.0.3")));
        calls.clear();

        routes.reconcile(List.of(node("b", "10.42.1.0/24", "10.0.0.9")));

        assertThat(calls).containsExactly("replace 10.42.1.0/24 via 10.0.0.9", "del 10.42.2.0/24 via 10.0.0.3");
        calls.clear();
        routes.reconcile(List.of(node("b", "10.42.1.0/24", "10.0.0.9")));
        assertThat(calls).isEmpty();
    }

    @Test
    void aRefusedRouteIsTriedAgainAtTheNextChange() {
        refused.add("10.42.1.0/24");
        routes.reconcile(List.of(node("b", "10.42.1.0/24", "10.0.0.2")));
        refused.clear();

        routes.reconcile(List.of(node("b", "10.42.1.0/24", "10.0.0.2")));

        assertThat(calls).containsExactly("replace 10.42.1.0/24 via 10.0.0.2", "replace 10.42.1.0/24 via 10.0.0.2");
    }

    private static Node node(String name, String podCidr, String internalIp) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withPodCIDR(podCidr).endSpec();
        if (internalIp != null) {
            node.withNewStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress()
                    .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress().endStatus();
        }
        return node.build();
    }
}
