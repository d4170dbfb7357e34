package skiff.server;

import skiff.kubelet.proxy.ProxyMode;

/**
 * The service proxy that runs next to this machine's kubelet (kube-proxy's role).
 *
 * @param mode auto (nftables where root can run nft, else none), nftables or none (kube-proxy --proxy-mode)
 * @param clusterCidr the pods' range (kube-proxy --cluster-cidr): ClusterIP traffic from outside it is masqueraded
 * @param serviceCidr the ClusterIPs' range, routed locally on the node (kube-apiserver --service-cluster-ip-range)
 */
public record ProxyOptions(ProxyMode mode, String clusterCidr, String serviceCidr) {
    /** k3s' defaults, which Skiff's pod network and Service allocation use. */
    public static final String DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";
    public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";

    /** No proxy: what servers that tests start in-process use, so they never touch the host's nftables. */
    public static ProxyOptions none() {
        return new ProxyOptions(ProxyMode.NONE, DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR);
    }
}
