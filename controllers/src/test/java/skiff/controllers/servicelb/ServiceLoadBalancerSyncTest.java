package skiff.controllers.servicelb;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceLoadBalancerSyncTest {

    @Test
    void readyNodesGiveTheirExternalAddressElseTheirInternalOneSorted() {
        List<String> addresses = ServiceLoadBalancerSync.addresses(List.of(
                node("b", true, Map.of(), "InternalIP", "192.0.2.20"),
                node("a", true, Map.of(), "InternalIP", "192.0.2.10", "ExternalIP", "198.51.100.1"),
                node("c", true, Map.of(), "InternalIP", "192.0.2.5", "InternalIP", "fd00::5")));
        assertThat(addresses).containsExactly("192.0.2.20", "192.0.2.5", "198.51.100.1");
    }

    @Test
    void nodesNotReadyOrExcludedFromLoadBalancersGiveNone() {
        List<String> addresses = ServiceLoadBalancerSync.addresses(List.of(
                node("down", false, Map.of(), "InternalIP", "192.0.2.30"),
                node("out", true, Map.of(ServiceLoadBalancerSync.EXCLUDE_LABEL, ""), "InternalIP", "192.0.2.31")));
        assertThat(addresses).isEmpty();
    }

    private static Node node(String name, boolean ready, Map<String, String> labels, String... addresses) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata();
        var status = node.withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition();
        for (int i = 0; i < addresses.length; i += 2) {
            status.addNewAddress().withType(addresses[i]).withAddress(addresses[i + 1]).endAddress();
        }
        return status.endStatus().build();
    }
}
