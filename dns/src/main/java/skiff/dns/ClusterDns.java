package skiff.dns;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private static final Path PROC_NET_ROUTE = Path.of("/proc/net/route");

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

    /**
     * This node's primary IPv4 address: the address of the interface that holds the default route (the first in
     * {@code /proc/net/route} with destination and mask 0), as kube-apiserver's default --advertise-address and the
     * kubelet's node IP are chosen; loopback when there is no default route.
     */
    static InetAddress primaryAddress() {
        try {
            for (String line : Files.readAllLines(PROC_NET_ROUTE).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000")) {
                    NetworkInterface nic = NetworkInterface.getByName(f[0]);
                    if (nic != null) {
                        for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                            if (a instanceof Inet4Address) {
                                return a;
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", PROC_NET_ROUTE, e.toString());
        }
        LOG.warn("no default route: cluster dns listens on 127.0.0.1, which pods cannot reach");
        return ServiceRange.parseIpv4("127.0.0.1");
    }

    @Override
    public void close() {
        reconciler.shutdownNow();
        server.close();
        objects.close();
    }
}
