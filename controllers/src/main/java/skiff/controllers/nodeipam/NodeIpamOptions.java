package skiff.controllers.nodeipam;

/**
 * The node IPAM controller's settings (k/k kube-controller-manager flags of the same names).
 *
 * @param allocateNodeCidrs whether nodes get pod CIDRs at all (--allocate-node-cidrs)
 * @param clusterCidr the range pods' addresses come from (--cluster-cidr; k3s' default 10.42.0.0/16)
 * @param nodeCidrMaskSize the prefix length of each node's share (--node-cidr-mask-size, 24 for IPv4)
 */
public record NodeIpamOptions(boolean allocateNodeCidrs, String clusterCidr, int nodeCidrMaskSize) {
    public static final String DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";
    public static final int DEFAULT_NODE_CIDR_MASK_SIZE = 24;

    /** @throws IllegalArgumentException for a CIDR that is not IPv4 or a mask size that does not fit in it */
    public NodeIpamOptions {
        new CidrSet(Ipv4Cidr.parse(clusterCidr), nodeCidrMaskSize);
    }

    public static NodeIpamOptions defaults() {
        return new NodeIpamOptions(true, DEFAULT_CLUSTER_CIDR, DEFAULT_NODE_CIDR_MASK_SIZE);
    }
}
