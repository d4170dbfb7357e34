package skiff.kubelet.network;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This host's main routing table through iproute2's {@code ip route} ({@link IpCommand}). */
public final class IpRouteTable implements HostGatewayRoutes.RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(IpRouteTable.class);

    @Override
    public boolean replace(String cidr, String gateway) {
        try {
            IpCommand.run("route", "replace", cidr, "via", gateway);
            return true;
        } catch (CniException e) {
            LOG.warn("cannot route {} via {}: {}", cidr, gateway, e.getMessage());
            return false;
        }
    }

    @Override
    public void delete(String cidr, String gateway) {
        try {
            IpCommand.run("route", "del", cidr, "via", gateway);
        } catch (CniException e) {
            LOG.warn("cannot remove the route to {} via {}: {}", cidr, gateway, e.getMessage());
        }
    }
}
