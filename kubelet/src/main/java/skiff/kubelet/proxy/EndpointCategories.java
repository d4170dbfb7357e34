package skiff.kubelet.proxy;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which endpoints of a Service port receive traffic, as k/k pkg/proxy/topology.go CategorizeEndpoints (1.32) decides
 * without topology hints: ready endpoints, or if none is ready the serving and terminating ones; Local traffic
 * policies use this node's endpoints only, chosen the same way among them.
 */
public record EndpointCategories(List<ProxyEndpoint> cluster, List<ProxyEndpoint> local, boolean hasAny) {

    public static EndpointCategories of(List<ProxyEndpoint> endpoints, boolean usesCluster, boolean usesLocal) {
        List<ProxyEndpoint> cluster = List.of();
        boolean hasAny = false;
        if (usesCluster) {
            cluster = filter(endpoints, ProxyEndpoint::ready);
            if (cluster.isEmpty()) {
                cluster = filter(endpoints, e -> e.serving() && e.terminating());
            }
            hasAny = !cluster.isEmpty();
        }
        List<ProxyEndpoint> local = List.of();
        if (usesLocal) {
            hasAny |= endpoints.stream().anyMatch(e -> e.ready() || e.serving() && e.terminating());
            local = filter(endpoints, e -> e.local() && e.ready());
            if (local.isEmpty()) {
                local = filter(endpoints, e -> e.local() && e.serving() && e.terminating());
            }
        }
        return new EndpointCategories(cluster, local, hasAny);
    }

    private static List<ProxyEndpoint> filter(List<ProxyEndpoint> endpoints, Predicate<ProxyEndpoint> keep) {
        return endpoints.stream().filter(keep).toList();
    }
}
