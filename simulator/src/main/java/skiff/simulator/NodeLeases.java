package skiff.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.time.Clock;

/**
 * The simulated nodes' Leases in kube-node-lease. Each is kept as last written, so that a renewal is a single update
 * (k/k component-helpers/apimachinery/lease/controller.go): a conflict reads the Lease again and retries, up to
 * maxUpdateRetries times; a Lease that is gone is created again (ensureLease); any other failure is left for the
 * next renewal.
 */
final class NodeLeases {
    private static final int UPDATE_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Lease> written = new ConcurrentHashMap<>();

    NodeLeases(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Creates the Lease of a node just registered, or renews the one it already has. */
    void create(Node node) {
        String name = node.getMetadata().getName();
        try {
            written.put(name, leases().resource(SimulatedNodes.lease(name, node, clock.now())).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            renew(name);
        }
    }

    void renew(String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                Lease last = written.get(name);
                Lease renewed = last == null ? ensure(name) : update(last);
                if (renewed != null) {
                    written.put(name, renewed);
                }
                return;
            } catch (KubernetesClientException e) {
                boolean stale = e.getCode() == 409 || e.getCode() == 404;
                if (!stale || attempt == UPDATE_ATTEMPTS) {
                    throw e;
                }
                written.remove(name);
            }
        }
    }

    // Reads the Lease and renews it, or creates it again for a Node that still exists.
    private Lease ensure(String name) {
        Lease stored = leases().withName(name).get();
        if (stored != null) {
            return update(stored);
        }
        Node node = client.nodes().withName(name).get();
        return node == null ? null : leases().resource(SimulatedNodes.lease(name, node, clock.now())).create();
    }

    private Lease update(Lease lease) {
        Lease renewed = new LeaseBuilder(lease).editSpec()
                .withRenewTime(clock.now().atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)).endSpec().build();
        return leases().resource(renewed).update();
    }

    private NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases() {
        return client.leases().inNamespace(SimulatedNodes.LEASE_NAMESPACE);
    }
}
