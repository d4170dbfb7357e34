package skiff.controllers.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.controllers.framework.SyncResult;

/** One check of one Service: its load balancer ingress is the ready nodes' addresses. */
final class ServiceLoadBalancerSync {
    /** k/k well-known label: nodes that carry it take no part in external load balancers. */
    static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLoadBalancerSync.class);

    private final Store<Service> services;
    private final Store<Node> nodes;
    private final KubernetesClient client;

    ServiceLoadBalancerSync(Store<Service> services, Store<Node> nodes, KubernetesClient client) {
        this.services = services;
        this.nodes = nodes;
        this.client = client;
    }

    SyncResult sync(String key) {
        Service service = services.getByKey(key);
        if (service == null || !"LoadBalancer".equals(service.getSpec().getType())
                || service.getSpec().getLoadBalancerClass() != null) {
            // Not ours: the API server clears a non-LoadBalancer Service's ingress itself (strategy.go).
            return SyncResult.done();
        }
        List<LoadBalancerIngress> wanted = ingress(addresses(nodes.list()));
        LoadBalancerStatus current = service.getStatus() == null ? null : service.getStatus().getLoadBalancer();
        List<LoadBalancerIngress> have = current == null || current.getIngress() == null ? List.of()
                : current.getIngress();
        if (have.equals(wanted)) {
            return SyncResult.done();
        }
        Service updated = new ServiceBuilder(service).editOrNewStatus().editOrNewLoadBalancer()
                .withIngress(wanted).endLoadBalancer().endStatus().build();
        try {
            client.services().inNamespace(service.getMetadata().getNamespace()).resource(updated).updateStatus();
            LOG.info("service={} loadBalancer ingress={}", key, wanted.stream().map(LoadBalancerIngress::getIp)
                    .toList());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return SyncResult.done();
            }
            return SyncResult.retry("update status of service " + key + ": " + e.getMessage());
        }
        return SyncResult.done();
    }

    /**
     * The IPv4 addresses of the ready nodes not excluded from load balancers: a node's ExternalIP when it has one,
     * else its InternalIP (k3s servicelb.go prefers external addresses), sorted.
     */
    static List<String> addresses(Collection<Node> all) {
        TreeSet<String> ips = new TreeSet<>();
        for (Node node : all) {
            if (node.getMetadata().getLabels() != null && node.getMetadata().getLabels().containsKey(EXCLUDE_LABEL)
                    || !ready(node) || node.getStatus().getAddresses() == null) {
                continue;
            }
            List<String> external = ofType(node, "ExternalIP");
            ips.addAll(external.isEmpty() ? ofType(node, "InternalIP") : external);
        }
        return new ArrayList<>(ips);
    }

    private static List<String> ofType(Node node, String type) {
        return node.getStatus().getAddresses().stream().filter(a -> type.equals(a.getType()))
                .map(NodeAddress::getAddress).filter(ip -> ip != null && !ip.contains(":")).toList();
    }

    private static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<LoadBalancerIngress> ingress(List<String> ips) {
        return ips.stream().map(ip -> new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP").build()).toList();
    }
}
