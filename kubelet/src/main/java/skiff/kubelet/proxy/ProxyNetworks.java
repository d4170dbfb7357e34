package skiff.kubelet.proxy;

/**
 * The address ranges the proxy's rules depend on.
 *
 * @param clusterCidr the pods' range (kube-proxy --cluster-cidr): traffic to a ClusterIP from outside it is
 *     masqueraded, and pod traffic to a Local-policy external destination is kept in the cluster; null for none
 * @param serviceCidr the ClusterIPs' range: traffic to an address in it that no rule rewrote is rejected on the node;
 *     null for none
 */
public record ProxyNetworks(String clusterCidr, String serviceCidr) {

    public ProxyNetworks {
        clusterCidr = validCidr(clusterCidr, "cluster CIDR");
        serviceCidr = validCidr(serviceCidr, "service CIDR");
    }

    /** Checks an IPv4 CIDR such as 10.42.0.0/16; null stays null. */
    static String validCidr(String cidr, String what) {
        if (cidr == null || cidr.isBlank()) {
            return null;
        }
        String[] parts = cidr.trim().split("/", -1);
        if (parts.length != 2 || !Ipv4.valid(parts[0])) {
            throw new IllegalArgumentException("invalid " + what + " " + cidr + ": want an IPv4 CIDR such as 10.42.0.0/16");
        }
        try {
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > 32) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + what + " " + cidr + ": the prefix length must be 0-32");
        }
        return cidr.trim();
    }
}
