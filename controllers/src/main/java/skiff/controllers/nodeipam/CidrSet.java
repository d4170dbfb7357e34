package skiff.controllers.nodeipam;

import java.util.BitSet;
import java.util.Optional;

/**
 * The node-sized subnets of a cluster CIDR and which are taken (k/k 1.32 pkg/controller/nodeipam/ipam/cidrset): the
 * next free one is searched from after the last one handed out, wrapping around. IPv4 only.
 */
final class CidrSet {
    // k/k cidrset: a cluster CIDR may be split into at most 2^16 node subnets.
    private static final int MAX_SPLIT_BITS = 16;

    private final Ipv4Cidr cluster;
    private final int nodeMaskSize;
    private final int subnets;
    private final BitSet used;
    private int next;

    /** @throws IllegalArgumentException when the node mask does not fit inside the cluster CIDR */
    CidrSet(Ipv4Cidr cluster, int nodeMaskSize) {
        if (nodeMaskSize < cluster.prefix() || nodeMaskSize > 32) {
            throw new IllegalArgumentException("--node-cidr-mask-size " + nodeMaskSize
                    + " must be between the cluster CIDR's prefix length " + cluster.prefix() + " and 32");
        }
        if (nodeMaskSize - cluster.prefix() > MAX_SPLIT_BITS) {
            throw new IllegalArgumentException("--node-cidr-mask-size " + nodeMaskSize + " splits " + cluster
                    + " into more than 2^16 node CIDRs; use a smaller cluster CIDR or a smaller mask size");
        }
        this.cluster = cluster;
        this.nodeMaskSize = nodeMaskSize;
        this.subnets = 1 << (nodeMaskSize - cluster.prefix());
        this.used = new BitSet(subnets);
    }

    synchronized Optional<Ipv4Cidr> allocateNext() {
        for (int i = 0; i < subnets; i++) {
            int candidate = (next + i) % subnets;
            if (!used.get(candidate)) {
                used.set(candidate);
                next = (candidate + 1) % subnets;
                return Optional.of(subnet(candidate));
            }
        }
        return Optional.empty();
    }

    /** Marks every node subnet overlapping {@code cidr} as taken; false when it lies outside the cluster CIDR. */
    synchronized boolean occupy(Ipv4Cidr cidr) {
        return mark(cidr, true);
    }

    synchronized void release(Ipv4Cidr cidr) {
        mark(cidr, false);
    }

    synchronized int free() {
        return subnets - used.cardinality();
    }

    private boolean mark(Ipv4Cidr cidr, boolean taken) {
        if (!cluster.overlaps(cidr)) {
            return false;
        }
        long first = Math.max(cidr.first(), cluster.first());
        long last = Math.min(cidr.last(), cluster.last());
        int shift = 32 - nodeMaskSize;
        int from = (int) ((first - cluster.first()) >>> shift);
        int to = (int) ((last - cluster.first()) >>> shift);
        used.set(from, to + 1, taken);
        return true;
    }

    private Ipv4Cidr subnet(int index) {
        return new Ipv4Cidr(cluster.first() + ((long) index << (32 - nodeMaskSize)), nodeMaskSize);
    }
}
