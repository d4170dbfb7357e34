package skiff.kubelet.proxy;

import java.util.List;

/**
 * What the proxy programs for one Service port: where traffic arrives and which endpoints receive it.
 *
 * @param clusterIp the Service's ClusterIP
 * @param nodePort 0 when the Service has none
 * @param externalIps the port's external destinations: {@code spec.externalIPs} and the LoadBalancer ingress IPs
 * @param internalLocal {@code internalTrafficPolicy: Local}
 * @param externalLocal {@code externalTrafficPolicy: Local} (only meaningful with external destinations)
 * @param affinityTimeoutSeconds ClientIP session affinity's timeout, 0 without affinity
 * @param clusterEndpoints the endpoints for cluster-wide traffic policy (empty when no traffic uses it)
 * @param localEndpoints this node's endpoints for Local traffic policy (empty when no traffic uses it)
 * @param hasAnyEndpoints whether any usable endpoint exists anywhere (decides reject versus drop)
 */
public record ServicePortInfo(ServicePortName name, String clusterIp, int port, int nodePort,
        List<String> externalIps, boolean internalLocal, boolean externalLocal, int affinityTimeoutSeconds,
        List<ProxyEndpoint> clusterEndpoints, List<ProxyEndpoint> localEndpoints, boolean hasAnyEndpoints) {

    public ServicePortInfo {
        externalIps = List.copyOf(externalIps);
        clusterEndpoints = List.copyOf(clusterEndpoints);
        localEndpoints = List.copyOf(localEndpoints);
    }

    /** Reachable from outside the cluster: a NodePort or an external/LoadBalancer IP. */
    public boolean externallyAccessible() {
        return nodePort > 0 || !externalIps.isEmpty();
    }

    /** The endpoints traffic to the ClusterIP goes to. */
    public List<ProxyEndpoint> internalEndpoints() {
        return internalLocal ? localEndpoints : clusterEndpoints;
    }

    /** The endpoints traffic to NodePorts and external IPs goes to. */
    public List<ProxyEndpoint> externalEndpoints() {
        return externalLocal ? localEndpoints : clusterEndpoints;
    }
}
