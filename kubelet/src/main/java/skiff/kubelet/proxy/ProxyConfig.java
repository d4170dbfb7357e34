package skiff.kubelet.proxy;

import java.time.Duration;
import skiff.api.time.Clock;

/**
 * The service proxy's settings.
 *
 * @param nodeName the node whose endpoints count as local for Local traffic policies
 * @param mode nftables, none, or auto (nftables where it can run)
 * @param networks the cluster CIDR (kube-proxy --cluster-cidr) and service CIDR
 * @param minSyncPeriod at most one sync per this period (kube-proxy --min-sync-period; 1 s there, 250 ms here so an
 *     endpoint change is in place within a second even during a burst)
 * @param fullSyncPeriod a full rewrite of the table this often (kube-proxy nftables: one full sync an hour)
 * @param host where nft and ip run: this machine, or a network namespace in tests
 */
public record ProxyConfig(String nodeName, ProxyMode mode, ProxyNetworks networks, Duration minSyncPeriod,
        Duration fullSyncPeriod, HostCommand host, Clock clock) {
    public static final Duration DEFAULT_MIN_SYNC_PERIOD = Duration.ofMillis(250);
    public static final Duration DEFAULT_FULL_SYNC_PERIOD = Duration.ofHours(1);

    public static ProxyConfig defaults(String nodeName, ProxyMode mode, String clusterCidr, String serviceCidr) {
        return new ProxyConfig(nodeName, mode, new ProxyNetworks(clusterCidr, serviceCidr),
                DEFAULT_MIN_SYNC_PERIOD, DEFAULT_FULL_SYNC_PERIOD, HostCommand.here(), Clock.system());
    }

    public ProxyConfig withHost(HostCommand where) {
        return new ProxyConfig(nodeName, mode, networks, minSyncPeriod, fullSyncPeriod, where, clock);
    }
}
