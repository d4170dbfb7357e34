package skiff.kubelet.network;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's pod CIDR, {@code spec.podCIDR} as the node IPAM controller assigns it; the kubelet waits for it before
 * it can attach a pod (k/k: the kubelet's runtime network is not ready until the node has a pod CIDR). Once known it
 * is answered without asking the API server again.
 */
public final class NodePodCidr implements Supplier<String> {
    private final KubernetesClient client;
    private final String nodeName;
    private final Duration patience;
    private volatile String known;

    public NodePodCidr(KubernetesClient client, String nodeName, Duration patience) {
        this.client = client;
        this.nodeName = nodeName;
        this.patience = patience;
    }

    /** @throws CniException when the node has no pod CIDR within the patience given */
    @Override
    public String get() {
        // k/k pkg/apis/core/validation ValidateNodeUpdate (1.32): a node's pod CIDR may change only from "" to a
        // value, so the first one seen is the node's for good; every pod's network setup asks for it.
        String cidr = known;
        if (cidr != null) {
            return cidr;
        }
        try {
            Node node = client.nodes().withName(nodeName).waitUntilCondition(
                    n -> n != null && n.getSpec() != null && n.getSpec().getPodCIDR() != null
                            && !n.getSpec().getPodCIDR().isEmpty(),
                    patience.toMillis(), TimeUnit.MILLISECONDS);
            known = node.getSpec().getPodCIDR();
            return known;
        } catch (KubernetesClientTimeoutException e) {
            throw new CniException("node \"" + nodeName + "\" has no spec.podCIDR after " + patience.toSeconds()
                    + "s: is the node IPAM controller (--allocate-node-cidrs) running?", 0);
        }
    }
}
