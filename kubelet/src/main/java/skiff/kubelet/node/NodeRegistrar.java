package skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this machine's Node, or adopts the one already registered under the same name so that a restarted
 * kubelet keeps its node (k/k pkg/kubelet/kubelet_node_status.go registerWithAPIServer, tryRegisterWithAPIServer:
 * on "already exists" the existing node is reconciled, not replaced).
 */
public final class NodeRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrar.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final MachineInfo machine;
    private final Map<String, String> annotations;

    /** @param annotations what this kubelet publishes on its Node besides the usual ones (its serving certificate) */
    public NodeRegistrar(KubernetesClient client, String nodeName, MachineInfo machine,
            Map<String, String> annotations) {
        this.client = client;
        this.nodeName = nodeName;
        this.machine = machine;
        this.annotations = Map.copyOf(annotations);
    }

    /** The labels every kubelet puts on its node (k/k kubelet_node_status.go initialNode). */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", machine.architecture());
        labels.put("beta.kubernetes.io/os", machine.operatingSystem());
        labels.put("kubernetes.io/arch", machine.architecture());
        labels.put("kubernetes.io/hostname", nodeName);
        labels.put("kubernetes.io/os", machine.operatingSystem());
        return labels;
    }

    /** Creates the Node or brings the existing one's labels up to date; returns it as stored. */
    public Node register() {
        Node wanted = new NodeBuilder().withNewMetadata().withName(nodeName).withLabels(labels())
                .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                .addToAnnotations(annotations)
                .endMetadata().build();
        try {
            Node created = client.nodes().resource(wanted).create();
            LOG.info("node registered name={}", nodeName);
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        Node existing = client.nodes().withName(nodeName).get();
        if (existing == null) {
            return register();
        }
        Map<String, String> current = existing.getMetadata().getLabels() == null ? Map.of()
                : existing.getMetadata().getLabels();
        Map<String, String> currentAnnotations = existing.getMetadata().getAnnotations() == null ? Map.of()
                : existing.getMetadata().getAnnotations();
        if (!current.entrySet().containsAll(labels().entrySet())
                || !currentAnnotations.entrySet().containsAll(annotations.entrySet())) {
            existing = client.nodes().withName(nodeName).edit(n -> new NodeBuilder(n).editMetadata()
                    .addToLabels(labels()).addToAnnotations(annotations).endMetadata().build());
        }
        LOG.info("node already registered, keeping it name={} uid={}", nodeName, existing.getMetadata().getUid());
        return existing;
    }
}
