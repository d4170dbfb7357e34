package skiff.kubelet.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import skiff.api.time.Clock;

/**
 * Renews the node's Lease in kube-node-lease, the cheap heartbeat (k/k pkg/kubelet/nodelease, component-helpers
 * apimachinery/lease controller.go: holder = node name, duration 40 s, renewed every quarter of it, owned by the
 * Node so that deleting the Node deletes the Lease).
 */
public final class NodeLeaseRenewer {
    public static final String NAMESPACE = "kube-node-lease";
    public static final int DURATION_SECONDS = 40;

    private final KubernetesClient client;
    private final String nodeName;
    private final Supplier<Node> node;
    private final Clock clock;

    /** @param node the registered Node, for the owner reference */
    public NodeLeaseRenewer(KubernetesClient client, String nodeName, Supplier<Node> node, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.node = node;
        this.clock = clock;
    }

    /** Creates or renews the Lease; returns it as stored. */
    public Lease renew() {
        java.time.ZonedDateTime now = clock.now().truncatedTo(ChronoUnit.MICROS).atZone(java.time.ZoneOffset.UTC);
        Lease existing = client.leases().inNamespace(NAMESPACE).withName(nodeName).get();
        if (existing == null) {
            Node owner = node.get();
            Lease lease = new LeaseBuilder().withNewMetadata().withName(nodeName).withNamespace(NAMESPACE)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                            .withName(nodeName).withUid(owner.getMetadata().getUid()).build())
                    .endMetadata()
                    .withNewSpec().withHolderIdentity(nodeName).withLeaseDurationSeconds(DURATION_SECONDS)
                    .withRenewTime(now).endSpec().build();
            try {
                return client.leases().inNamespace(NAMESPACE).resource(lease).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = client.leases().inNamespace(NAMESPACE).withName(nodeName).get();
            }
        }
        Lease renewed = new LeaseBuilder(existing).editSpec().withHolderIdentity(nodeName)
                .withLeaseDurationSeconds(DURATION_SECONDS).withRenewTime(now).endSpec().build();
        return client.leases().inNamespace(NAMESPACE).resource(renewed).update();
    }
}
