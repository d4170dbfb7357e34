package skiff.dns;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Cluster DNS: an API client watching Services, EndpointSlices and Namespaces, a DNS server answering the cluster
 * domain from them and forwarding the rest to the host's resolvers, and the kube-dns Service pointing at it.
 *
 * <pre>{@code
 * try (ClusterDns dns = ClusterDns.start(client, ClusterDnsOptions.defaults(), Clock.system())) { ... }
 * }</pre>
 */
public final class ClusterDns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDns.class);
    /** CoreDNS' kubernetes plugin waits this long for the API at startup, then serves (SERVFAIL until synced). */
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);
    /** A documentation address (RFC 5737): connecting a UDP socket to it only asks the kernel for a route. */
    private static final InetSocketAddress ROUTE_PROBE = new InetSocketAddress("192.0.2.1", 53);

    private final InformerClusterObjects objects;
    private final DnsServer server;

    private ClusterDns(InformerClusterObjects objects, DnsServer server) {
        this.objects = objects;
        this.server = server;
    }

    /**
     * Starts the informers (waiting a while for their first lists), listens, and writes the kube-dns Service and its
     * endpoints.
     *
     * @throws java.io.UncheckedIOException when the address and port cannot be listened on
     */
    public static ClusterDns start(KubernetesClient client, ClusterDnsOptions options, Clock clock) {
        InetAddress listen = listenAddress(options);
        Upstream upstream = options.upstreams() != null ? new Upstream(options.upstreams(), Duration.ofSeconds(2))
                : Upstream.fromResolvConf(options.resolvConf());
        InformerClusterObjects objects = InformerClusterObjects.start(client, clock, SYNC_TIMEOUT);
        DnsServer server;
        try {
            KubernetesZone zone = new KubernetesZone(options.clusterDomain(), objects,
                    ServiceRange.parseIpv4(options.clusterDnsIp()));
            server = DnsServer.start(listen, options.port(), new DnsHandler(zone, upstream));
        } catch (RuntimeException e) {
            objects.close();
            throw e;
        }
        ClusterDns dns = new ClusterDns(objects, server);
        try {
            KubeDnsService.ensure(client, options.clusterDnsIp(), listen.getHostAddress(), server.address().getPort());
        } catch (RuntimeException e) {
            dns.close();
            throw e;
        }
        LOG.info("cluster dns listening on {}:{} (service {}/{} at {}), domain {}, upstreams {}",
                listen.getHostAddress(), server.address().getPort(), KubeDnsService.NAMESPACE, KubeDnsService.NAME,
                options.clusterDnsIp(), options.clusterDomain(), upstream.servers());
        return dns;
    }

    /** The address {@code options} make the server listen on. */
    public static InetAddress listenAddress(ClusterDnsOptions options) {
        return options.listenAddress() == null ? primaryAddress() : ServiceRange.parseIpv4(options.listenAddress());
    }

    /** Where the server listens (UDP and TCP). */
    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * This node's primary IPv4 address: the source address of its default route, as kube-apiserver's default
     * --advertise-address and the kubelet's node IP; loopback when there is no route.
     */
    static InetAddress primaryAddress() {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(ROUTE_PROBE);
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local;
            }
        } catch (SocketException | java.io.UncheckedIOException e) {
            LOG.warn("no default route ({}): cluster dns listens on 127.0.0.1, which pods cannot reach", e.toString());
        }
        return ServiceRange.parseIpv4("127.0.0.1");
    }

    @Override
    public void close() {
        server.close();
        objects.close();
    }
}
