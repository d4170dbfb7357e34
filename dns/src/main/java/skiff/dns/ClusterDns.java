package skiff.dns;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.net.PrimaryIpv4;
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

    /** kube-apiserver's --endpoint-reconciler interval for the kubernetes Service (10 s). */
    private static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(10);

    private final InformerClusterObjects objects;
    private final DnsServer server;
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cluster-dns-endpoints").factory());

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
        String address = listen.getHostAddress();
        int port = server.address().getPort();
        try {
            KubeDnsService.ensure(client, options.clusterDnsIp(), address, port);
        } catch (RuntimeException e) {
            dns.close();
            throw e;
        }
        dns.reconcileEvery(RECONCILE_INTERVAL, () -> {
            boolean current = objects.service(KubeDnsService.NAMESPACE, KubeDnsService.NAME).isPresent()
                    && KubeDnsService.sliceCurrent(objects.endpointSlice(KubeDnsService.NAMESPACE,
                            KubeDnsService.NAME).orElse(null), address, port);
            if (objects.synced() && !current) {
                LOG.info("the {}/{} Service or its endpoints changed or went away: writing them again",
                        KubeDnsService.NAMESPACE, KubeDnsService.NAME);
                KubeDnsService.ensure(client, options.clusterDnsIp(), address, port);
            }
        });
        LOG.info("cluster dns listening on {}:{} (service {}/{} at {}), domain {}, upstreams {}",
                listen.getHostAddress(), server.address().getPort(), KubeDnsService.NAMESPACE, KubeDnsService.NAME,
                options.clusterDnsIp(), options.clusterDomain(), upstream.servers());
        return dns;
    }

    private void reconcileEvery(Duration interval, Runnable check) {
        reconciler.scheduleWithFixedDelay(() -> {
            try {
                check.run();
            } catch (RuntimeException e) {
                LOG.warn("cannot write the {}/{} endpoints: {}; trying again in {} s", KubeDnsService.NAMESPACE,
                        KubeDnsService.NAME, e.toString(), interval.toSeconds());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The address {@code options} make the server listen on. */
    public static InetAddress listenAddress(ClusterDnsOptions options) {
        return options.listenAddress() == null ? primaryAddress() : ServiceRange.parseIpv4(options.listenAddress());
    }

    /** Where the server listens (UDP and TCP). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** This node's primary IPv4 address (see {@link PrimaryIpv4}); loopback, with a warning, when it has none. */
    static InetAddress primaryAddress() {
        PrimaryIpv4 primary = PrimaryIpv4.ofThisMachine();
        switch (primary.source()) {
            case FIRST_GLOBAL_ADDRESS -> LOG.info("no default route: cluster dns listens on {}, the first global"
                    + " IPv4 address", primary.hostAddress());
            case LOOPBACK -> LOG.warn("no global IPv4 address: cluster dns listens on 127.0.0.1, which pods cannot"
                    + " reach");
            default -> { }
        }
        return primary.address();
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        server.close();
        objects.close();
    }
}
