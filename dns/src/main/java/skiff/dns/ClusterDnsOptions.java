package skiff.dns;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * How to run cluster DNS.
 *
 * @param clusterDomain the cluster domain (kubelet --cluster-domain), {@value #DEFAULT_CLUSTER_DOMAIN}
 * @param clusterDnsIp the kube-dns Service's cluster IP (kubelet --cluster-dns), the 10th address of the service
 *     range as kubeadm and k3s choose
 * @param listenAddress where the server listens, the address the kube-dns endpoints name; null: this node's
 *     primary IPv4 address (the source address of its default route), which pods reach through their gateway
 * @param port the UDP and TCP port, 53; 0 picks a free one
 * @param resolvConf the host's resolver configuration, whose nameservers answer names outside the cluster domain
 * @param upstreams when not null, these servers instead of {@code resolvConf}'s (tests' fake upstreams)
 */
public record ClusterDnsOptions(String clusterDomain, String clusterDnsIp, String listenAddress, int port,
        Path resolvConf, List<InetSocketAddress> upstreams) {
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    /** The default service range (--service-cidr), as k3s. */
    public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
    public static final int DEFAULT_PORT = 53;

    public ClusterDnsOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the DNS port must be 0-65535: " + port);
        }
        if (clusterDomain == null || !clusterDomain.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            throw new IllegalArgumentException("not a cluster domain: " + clusterDomain);
        }
        ServiceRange.parseIpv4(clusterDnsIp);
        upstreams = upstreams == null ? null : List.copyOf(upstreams);
    }

    public static ClusterDnsOptions defaults() {
        return new ClusterDnsOptions(DEFAULT_CLUSTER_DOMAIN, ServiceRange.tenthAddress(DEFAULT_SERVICE_CIDR), null,
                DEFAULT_PORT, Path.of("/etc/resolv.conf"), null);
    }

    public ClusterDnsOptions withClusterDomain(String domain) {
        return new ClusterDnsOptions(domain, clusterDnsIp, listenAddress, port, resolvConf, upstreams);
    }

    public ClusterDnsOptions withClusterDnsIp(String ip) {
        return new ClusterDnsOptions(clusterDomain, ip, listenAddress, port, resolvConf, upstreams);
    }

    public ClusterDnsOptions withListen(String address, int newPort) {
        return new ClusterDnsOptions(clusterDomain, clusterDnsIp, address, newPort, resolvConf, upstreams);
    }

    public ClusterDnsOptions withPort(int newPort) {
        return new ClusterDnsOptions(clusterDomain, clusterDnsIp, listenAddress, newPort, resolvConf, upstreams);
    }

    public ClusterDnsOptions withUpstreams(List<InetSocketAddress> servers) {
        return new ClusterDnsOptions(clusterDomain, clusterDnsIp, listenAddress, port, resolvConf, servers);
    }
}
