package skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodMasqueradeTest {
    @Test
    void trafficToOtherNodesPodsIsNotMasqueradedWhenTheClusterCidrIsKnown() {
        assertThat(new PodMasquerade("skiff0", "10.42.0.0/16").ruleset("10.42.3.0/24")).contains(
                "ip saddr 10.42.3.0/24 ip daddr != 10.42.3.0/24 ip daddr != 10.42.0.0/16 ip daddr != 224.0.0.0/4 "
                        + "masquerade");
    }

    @Test
    void withoutTheClusterCidrEverythingLeavingTheNodesPodCidrIs() {
        assertThat(new PodMasquerade("skiff0", null).ruleset("10.42.3.0/24")).contains(
                "ip saddr 10.42.3.0/24 ip daddr != 10.42.3.0/24 ip daddr != 224.0.0.0/4 masquerade");
    }
}
