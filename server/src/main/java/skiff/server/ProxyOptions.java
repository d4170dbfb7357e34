package skiff.server;

import skiff.kubelet.proxy.NftRenderer;
import skiff.kubelet.proxy.ProxyConfig;
import skiff.kubelet.proxy.ProxyMode;

/**
 * The service proxy that runs next to this machine's kubelet (kube-proxy's role).
 *
 * @param mode auto (nftables where root can run nft, else none), nftables or none (kube-proxy --proxy-mode)
 * @param clusterCidr the pods' range (kube-proxy --cluster-cidr): ClusterIP traffic from outside it is masqueraded
 * @param serviceCidr the ClusterIPs' range, routed locally on the node (kube-apiserver --service-cluster-ip-range)
 * @param table the proxy's own nftables table ({@code ip NAME}), {@value NftRenderer#DEFAULT_TABLE} by default
 */
public record ProxyOptions(ProxyMode mode, String clusterCidr, String serviceCidr, String table) {
    /** k3s' defaults, which Skiff's pod network and Service allocation use. */
    public static final String DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";
    public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";

    public ProxyOptions {
        table = ProxyConfig.validTable(table);
    }

    /** The proxy programming the default table. */
    public ProxyOptions(ProxyMode mode, String clusterCidr, String serviceCidr) {
        this(mode, clusterCidr, serviceCidr, NftRenderer.DEFAULT_TABLE);
    }

    /** No proxy: what servers that tests start in-process use, so they never touch the host's nftables. */
    public static ProxyOptions none() {
        return new ProxyOptions(ProxyMode.NONE, DEFAULT_CLUSTER_CIDR, DEFAULT_SERVICE_CIDR);
    }

    /** The same proxy programming the table {@code name} instead. */
    public ProxyOptions withTable(String name) {
        return new ProxyOptions(mode, clusterCidr, serviceCidr, name);
    }
}
