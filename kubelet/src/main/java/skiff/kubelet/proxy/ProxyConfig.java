package skiff.kubelet.proxy;

import java.time.Duration;
import java.util.regex.Pattern;
import skiff.api.time.Clock;

/**
 * The service proxy's settings.
 *
 * @param nodeName the node whose endpoints count as local for Local traffic policies
 * @param mode nftables, none, or auto (nftables where it can run)
 * @param networks the cluster CIDR (kube-proxy --cluster-cidr) and service CIDR
 * @param table the name of the proxy's own {@code ip} family nftables table, {@value NftRenderer#DEFAULT_TABLE}
 *     unless two proxies share a machine (kube-proxy's is the fixed {@code kube-proxy}; Skiff's test servers each
 *     use their own, so they never replace or remove another's rules)
 * @param minSyncPeriod at most one sync per this period (kube-proxy --min-sync-period; 1 s there, 250 ms here so an
 *     endpoint change is in place within a second even during a burst)
 * @param fullSyncPeriod a full rewrite of the table this often (kube-proxy nftables: one full sync an hour)
 * @param host where nft and ip run: this machine, or a network namespace in tests
 */
public record ProxyConfig(String nodeName, ProxyMode mode, ProxyNetworks networks, String table,
        Duration minSyncPeriod, Duration fullSyncPeriod, HostCommand host, Clock clock) {
    public static final Duration DEFAULT_MIN_SYNC_PERIOD = Duration.ofMillis(250);
    public static final Duration DEFAULT_FULL_SYNC_PERIOD = Duration.ofHours(1);
    /** nft's identifiers (a letter, then letters, digits, '-' and '_'), short enough to read in a listing. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,62}");

    public ProxyConfig {
        table = validTable(table);
    }

    public static ProxyConfig defaults(String nodeName, ProxyMode mode, String clusterCidr, String serviceCidr) {
        return new ProxyConfig(nodeName, mode, new ProxyNetworks(clusterCidr, serviceCidr), NftRenderer.DEFAULT_TABLE,
                DEFAULT_MIN_SYNC_PERIOD, DEFAULT_FULL_SYNC_PERIOD, HostCommand.here(), Clock.system());
    }

    public ProxyConfig withHost(HostCommand where) {
        return new ProxyConfig(nodeName, mode, networks, table, minSyncPeriod, fullSyncPeriod, where, clock);
    }

    /** Programs the {@code ip} table {@code name} instead. */
    public ProxyConfig withTable(String name) {
        return new ProxyConfig(nodeName, mode, networks, name, minSyncPeriod, fullSyncPeriod, host, clock);
    }

    /** {@code name} when nft accepts it as a table name, else an IllegalArgumentException saying what is wanted. */
    public static String validTable(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid nftables table name '" + name + "': want a letter, then up"
                    + " to 62 letters, digits, '-' or '_'");
        }
        return name;
    }
}
