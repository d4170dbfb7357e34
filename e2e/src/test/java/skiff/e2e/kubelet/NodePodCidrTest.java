package skiff.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.kubelet.network.CniException;
import skiff.kubelet.network.NodePodCidr;
import skiff.testing.SkiffExtension;

/** The kubelet's wait for its node's pod CIDR, which the node IPAM controller assigns (API objects only). */
class NodePodCidrTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @Test
    void theKubeletsNodeGetsAPodCidrFromTheClusterCidr() {
        String cidr = new NodePodCidr(skiff.client(), skiff.nodeName(), Duration.ofSeconds(60)).get();

        assertThat(cidr).matches("10\\.42\\.\\d+\\.0/24");
    }

    @Test
    void onceKnownThePodCidrIsAnsweredWithoutTheApiServer() {
        KubernetesClient client = skiff.server().newClient();
        NodePodCidr podCidr = new NodePodCidr(client, skiff.nodeName(), Duration.ofSeconds(60));
        String first = podCidr.get();
        client.close();

        // Every pod's network setup asks; a closed client would fail if it were asked again.
        assertThat(podCidr.get()).isEqualTo(first);
    }

    @Test
    void aNodeWithoutOneIsReportedAfterThePatience() {
        assertThatThrownBy(() -> new NodePodCidr(skiff.client(), "no-ipam-yet", Duration.ofSeconds(1)).get())
                .isInstanceOf(CniException.class)
                .hasMessageContaining("node \"no-ipam-yet\" has no spec.podCIDR after 1s");
    }
}
