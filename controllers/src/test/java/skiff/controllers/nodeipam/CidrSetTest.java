package skiff.controllers.nodeipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** After k/k pkg/controller/nodeipam/ipam/cidrset/cidr_set_test.go. */
class CidrSetTest {

    @Test
    void handsOutNodeSubnetsInOrderUntilExhausted() {
        CidrSet set = new CidrSet(Ipv4Cidr.parse("10.250.0.0/22"), 24);
        assertThat(set.allocateNext()).map(Object::toString).contains("10.250.0.0/24");
        assertThat(set.allocateNext()).map(Object::toString).contains("10.250.1.0/24");
        assertThat(set.allocateNext()).map(Object::toString).contains("10.250.2.0/24");
        assertThat(set.allocateNext()).map(Object::toString).contains("10.250.3.0/24");
        assertThat(set.allocateNext()).isEmpty();
    }

    @Test
    void occupiedSubnetsAreSkippedAndReleasedOnesComeBack() {
        CidrSet set = new CidrSet(Ipv4Cidr.parse("10.250.0.0/22"), 24);
        assertThat(set.occupy(Ipv4Cidr.parse("10.250.0.0/24"))).isTrue();
        assertThat(set.occupy(Ipv4Cidr.parse("10.250.2.0/23"))).isTrue();
        assertThat(set.allocateNext()).map(Object::toString).contains("10.250.1.0/24");
        assertThat(set.allocateNext()).isEmpty();

        set.release(Ipv4Cidr.parse("10.250.3.0/24"));
        assertThat(set.free()).isEqualTo(1);
        assertThat(set.allocateNext()).map(Object::toString).contains("10.250.3.0/24");
    }

    @Test
    void aCidrOutsideTheClusterIsNotOccupied() {
        CidrSet set = new CidrSet(Ipv4Cidr.parse("10.250.0.0/22"), 24);
        assertThat(set.occupy(Ipv4Cidr.parse("192.168.0.0/24"))).isFalse();
        assertThat(set.free()).isEqualTo(4);
    }

    @Test
    void theDefaultsSplitA16Into256Nodes() {
        NodeIpamOptions defaults = NodeIpamOptions.defaults();
        CidrSet set = new CidrSet(Ipv4Cidr.parse(defaults.clusterCidr()), defaults.nodeCidrMaskSize());
        assertThat(set.free()).isEqualTo(256);
        assertThat(set.allocateNext()).map(Object::toString).isEqualTo(Optional.of("10.42.0.0/24"));
    }

    @Test
    void badSettingsAreRefusedClearly() {
        assertThatThrownBy(() -> new NodeIpamOptions(true, "10.42.0.0/16", 12))
                .hasMessageContaining("--node-cidr-mask-size 12 must be between");
        assertThatThrownBy(() -> new NodeIpamOptions(true, "10.0.0.0/8", 28))
                .hasMessageContaining("more than 2^16 node CIDRs");
        assertThatThrownBy(() -> new NodeIpamOptions(true, "fd00::/48", 64))
                .hasMessageContaining("is not an IPv4 CIDR");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.300.0.0/16")).hasMessageContaining("is not an IPv4 CIDR");
    }

    @Test
    void aCidrIsNormalisedToItsNetworkAddress() {
        assertThat(Ipv4Cidr.parse("10.42.7.9/16")).hasToString("10.42.0.0/16");
    }
}
