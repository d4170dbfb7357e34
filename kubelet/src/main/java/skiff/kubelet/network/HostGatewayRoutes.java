package skiff.kubelet.network;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.informers.InformerRestarts;

/**
 * Routes to the other nodes' pods, as flannel's host-gw backend installs them (flannel pkg/backend/hostgw and
 * pkg/backend/route_network.go, v0.26): for every other Node with a pod CIDR ({@code spec.podCIDR}) and an
 * {@code InternalIP}, the route "pod CIDR via that address" in this host's main table; a route goes when its node
 * goes or changes address. It needs every node on one layer-2 network (the gateway must be directly reachable).
 * Nodes whose address is a loopback address or this node's own are skipped (several nodes on one machine).
 */
public final class HostGatewayRoutes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostGatewayRoutes.class);
    private static final long RESYNC_MILLIS = 60_000;

    private final String nodeName;
    private final String nodeIp;
    private final RouteTable table;
    private final Map<String, String> installed = new HashMap<>();
    private SharedIndexInformer<Node> informer;

    public HostGatewayRoutes(String nodeName, String nodeIp, RouteTable table) {
        this.nodeName = nodeName;
        this.nodeIp = nodeIp;
        this.table = table;
    }

    /** Starts watching the nodes through {@code client} and keeps the routes in step with them. */
    public HostGatewayRoutes start(KubernetesClient client) {
        informer = InformerRestarts.install("kubelet", client.nodes().runnableInformer(RESYNC_MILLIS));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                sync();
            }

            @Override
            public void onUpdate(Node before, Node after) {
                sync();
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                sync();
            }
        });
        informer.start();
        return this;
    }

    private void sync() {
        reconcile(informer.getStore().list());
    }

    /** Makes the routes this object installed match {@code nodes}: adds or replaces, then removes the stale ones. */
    synchronized void reconcile(Collection<Node> nodes) {
        Map<String, String> wanted = wanted(nodes);
        wanted.forEach((cidr, gateway) -> {
            if (!gateway.equals(installed.get(cidr))) {
                if (table.replace(cidr, gateway)) {
                    installed.put(cidr, gateway);
                    LOG.info("pods of {} are routed via {} (host-gw)", cidr, gateway);
                }
            }
        });
        for (var stale : Map.copyOf(installed).entrySet()) {
            if (!wanted.containsKey(stale.getKey())) {
                table.delete(stale.getKey(), stale.getValue());
                installed.remove(stale.getKey());
                LOG.info("route to the pods of {} via {} removed: no node has that pod CIDR there", stale.getKey(),
                        stale.getValue());
            }
        }
    }

    /** Pod CIDR to gateway for every other node that has both and is reachable off this host. */
    Map<String, String> wanted(Collection<Node> nodes) {
        Map<String, String> wanted = new TreeMap<>();
        for (Node node : nodes) {
            if (nodeName.equals(node.getMetadata().getName()) || node.getSpec() == null) {
                continue;
            }
            String cidr = node.getSpec().getPodCIDR();
            Optional<String> address = internalIp(node);
            if (cidr == null || cidr.isEmpty() || address.isEmpty() || address.get().equals(nodeIp)
                    || isLoopback(address.get())) {
                continue;
            }
            wanted.put(cidr, address.get());
        }
        return wanted;
    }

    private static Optional<String> internalIp(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        return node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress).filter(a -> !a.contains(":")).findFirst();
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true;
        }
    }

    /** Stops watching; the routes stay, as flannel leaves them, for the containers that outlive the agent. */
    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }

    /** The host's routing table. */
    public interface RouteTable {
        /** Adds or replaces the route to {@code cidr} via {@code gateway}; false (logged) when refused. */
        boolean replace(String cidr, String gateway);

        /** Removes the route to {@code cidr} via {@code gateway}, if there is one. */
        void delete(String cidr, String gateway);
    }
}
