package skiff.kubelet.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the service CIDR locally on the node: a {@code local} route for the whole range in the local routing table,
 * as kube-proxy's IPVS mode makes ClusterIPs local by binding them to its dummy interface (k/k
 * pkg/proxy/ipvs/proxier.go, 1.32). A locally started connection to a ClusterIP then finds a route even on a node
 * without a default route (the nat output hook rewrites it afterwards), and traffic for a ClusterIP no rule rewrote
 * stays on the node, where the table's {@code cluster-ips-check} refuses it, instead of following a default route.
 */
public final class ServiceCidrRoute {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCidrRoute.class);

    private final HostCommand host;
    private final String cidr;

    public ServiceCidrRoute(HostCommand host, String cidr) {
        this.host = host;
        this.cidr = ProxyNetworks.validCidr(cidr, "service CIDR");
        if (this.cidr == null) {
            throw new IllegalArgumentException("a service CIDR is required for its route");
        }
    }

    /** Adds the route, or replaces one already there. */
    public void install() {
        host.run(null, "ip", "route", "replace", "table", "local", "local", cidr, "dev", "lo", "proto", "static");
        LOG.info("proxy: routed the service CIDR {} locally (ip route replace table local local {} dev lo)", cidr,
                cidr);
    }

    /** Removes the route; nothing when it is gone already. */
    public void remove() {
        try {
            host.run(null, "ip", "route", "del", "table", "local", "local", cidr, "dev", "lo");
            LOG.info("proxy: removed the local route of the service CIDR {}", cidr);
        } catch (HostCommand.CommandException e) {
            LOG.debug("proxy: no local route of {} to remove: {}", cidr, e.getMessage());
        }
    }
}
