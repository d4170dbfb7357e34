package skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.function.Supplier;
import skiff.api.time.Clock;

/**
 * Posts the node's status (k/k pkg/kubelet/kubelet_node_status.go updateNodeStatus; every
 * nodeStatusUpdateFrequency, 10 s): read the Node, lay the fresh status over it, write it with its
 * resourceVersion; a conflict retries once on a fresh read, a missing Node is registered again.
 */
public final class NodeStatusReporter {
    private final KubernetesClient client;
    private final NodeRegistrar registrar;
    private final MachineInfo machine;
    private final String nodeName;
    private final String nodeIp;
    private final int kubeletPort;
    private final String runtimeVersion;
    private final Supplier<List<ContainerImage>> images;
    private final Clock clock;

    /** @param images the node's images for {@code status.images}, read at each report */
    public NodeStatusReporter(KubernetesClient client, NodeRegistrar registrar, MachineInfo machine, String nodeName,
            String nodeIp, int kubeletPort, String runtimeVersion, Supplier<List<ContainerImage>> images,
            Clock clock) {
        this.client = client;
        this.registrar = registrar;
        this.machine = machine;
        this.nodeName = nodeName;
        this.nodeIp = nodeIp;
        this.kubeletPort = kubeletPort;
        this.runtimeVersion = runtimeVersion;
        this.images = images;
        this.clock = clock;
    }

    /** One status update; returns the Node as written. */
    public Node report() {
        for (int attempt = 0; ; attempt++) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                node = registrar.register();
            }
            Node updated = new NodeBuilder(node).withStatus(NodeStatusBuilder.build(machine, nodeName, nodeIp,
                    kubeletPort, runtimeVersion, images.get(), node.getStatus(), clock.now())).build();
            try {
                return client.nodes().resource(updated).updateStatus();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt > 0) {
                    throw e;
                }
            }
        }
    }
}
