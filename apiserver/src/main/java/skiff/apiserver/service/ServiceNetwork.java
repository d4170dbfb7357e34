package skiff.apiserver.service;

/**
 * Where Services' addresses come from: the cluster IPs' network (kube-apiserver --service-cluster-ip-range) and the
 * node ports' range (--service-node-port-range).
 */
public record ServiceNetwork(Ipv4Cidr serviceCidr, PortRange nodePorts) {
    /** k3s' default service network (kube-apiserver itself has none). */
    public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
    /** k/k kube-apiserver --service-node-port-range default. */
    public static final String DEFAULT_NODE_PORT_RANGE = "30000-32767";

    public ServiceNetwork {
        // k/k cmd/kube-apiserver/app/options/validation.go validateClusterIPFlags: an IPv4 range's mask must be at
        // least /12; a range too small for a single service is refused too.
        if (serviceCidr.prefix() < 12) {
            throw new IllegalArgumentException("specified --service-cidr " + serviceCidr
                    + " is too large; for 32-bit addresses, the mask must be >= 12");
        }
        if (serviceCidr.prefix() > 30) {
            throw new IllegalArgumentException("specified --service-cidr " + serviceCidr + " is too small");
        }
    }

    public static ServiceNetwork of(String serviceCidr, String nodePortRange) {
        return new ServiceNetwork(Ipv4Cidr.parse(serviceCidr), PortRange.parse(nodePortRange));
    }

    public static ServiceNetwork defaults() {
        return of(DEFAULT_SERVICE_CIDR, DEFAULT_NODE_PORT_RANGE);
    }

    /** The first usable address of the range, the {@code kubernetes} Service's (k/k controlplane ServiceIPRange). */
    public String apiServerServiceIp() {
        return Ipv4Cidr.toText(serviceCidr.base() + 1);
    }
}
