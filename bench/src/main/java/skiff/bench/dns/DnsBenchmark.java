package skiff.bench.dns;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import skiff.api.time.Clock;
import skiff.bench.Format;
import skiff.bench.Latencies;
import skiff.bench.ResultTable;
import skiff.bench.Scale;
import skiff.bench.Workspace;
import skiff.dns.ClusterDnsOptions;
import skiff.server.KubeletOptions;
import skiff.server.SkiffServer;
import skiff.server.StoreKind;

/**
 * Cluster DNS queries per second and latency for the same Service names on Skiff's DNS and on dnsmasq, in the same
 * run: {@code clients} closed-loop UDP clients on loopback, each sending one A query and waiting for its answer,
 * cycling through every name. dnsmasq is the reference because it answers the same names from memory (a hosts file
 * with the same addresses and the same 5 s TTL) as a small, single-threaded C server, and it is what kube-dns put in
 * front of its own server as the cluster's DNS cache before CoreDNS. Skiff's DNS runs in this JVM behind a real API
 * server, its answers coming from informer caches as in the product.
 */
public final class DnsBenchmark {
    private static final String NAMESPACE = "bench-dns";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

    private final Workspace ws;
    private final Scale scale;
    private final Clock clock;
    private InetSocketAddress dnsmasqAddress;

    public DnsBenchmark(Workspace ws, Scale scale) {
        this.ws = ws;
        this.scale = scale;
        this.clock = ws.clock();
    }

    public void run() throws Exception {
        int services = scale.count(1_000);
        Duration window = scale.duration(Duration.ofSeconds(10));
        List<String> names = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            names.add("svc-" + i + "." + NAMESPACE + ".svc.cluster.local");
            ips.add("10.43." + (10 + i / 250) + "." + (1 + i % 250));
        }
        ResultTable table = new ResultTable("DNS: A queries for " + services + " Service names over UDP on loopback, "
                + "closed-loop clients, " + window.toSeconds() + " s each (Skiff's cluster DNS vs dnsmasq 2.90 "
                + "serving the same names from a hosts file)",
                "server", "clients", "queries/s", "p50", "p99", "max", "failures");
        try (SkiffServer server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o
                .withKubelet(KubeletOptions.disabled())
                .withDisabledControllers(java.util.Set.of("garbagecollector", "replicaset", "deployment",
                        "statefulset", "daemonset", "replicationcontroller", "nodelifecycle",
                        "taint-eviction-controller", "podgc", "scheduler"))
                .withDns(ClusterDnsOptions.defaults().withListen("127.0.0.1", 0).withUpstreams(List.of())));
                KubernetesClient client = server.newClient()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                    .build()).create();
            for (int i = 0; i < services; i++) {
                client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder().withNewMetadata()
                        .withName("svc-" + i).endMetadata().withNewSpec().withClusterIP(ips.get(i))
                        .withClusterIPs(ips.get(i)).withPorts(new ServicePortBuilder().withName("http").withPort(80)
                                .withProtocol("TCP").build()).endSpec().build()).create();
            }
            InetSocketAddress skiff = server.dns().orElseThrow().address();
            awaitAnswer(skiff, names.getLast());
            Process dnsmasq = startDnsmasq(names, ips);
            try {
                InetSocketAddress reference = dnsmasqAddress;
                if (dnsmasq != null) {
                    awaitAnswer(reference, names.getLast());
                }
                for (int clients : List.of(1, 8, 32)) {
                    Latencies s = load(skiff, names, clients, window);
                    table.row("skiff", Integer.toString(clients), Format.rate(s.perSecond()), Format.millis(s.p50()),
                            Format.millis(s.p99()), Format.millis(s.max()), Long.toString(s.failures()));
                    if (dnsmasq != null) {
                        Latencies d = load(reference, names, clients, window);
                        table.row("dnsmasq", Integer.toString(clients), Format.rate(d.perSecond()),
                                Format.millis(d.p50()), Format.millis(d.p99()), Format.millis(d.max()),
                                Long.toString(d.failures()));
                    }
                }
            } finally {
                if (dnsmasq != null) {
                    dnsmasq.destroy();
                    dnsmasq.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        table.print(System.out);
    }

    /** dnsmasq answering only from a hosts file: no upstream, no system files, names under cluster.local local. */
    private Process startDnsmasq(List<String> names, List<String> ips) throws IOException {
        Path binary = Path.of("/usr/sbin/dnsmasq");
        if (!Files.isExecutable(binary)) {
            System.out.println("dns: /usr/sbin/dnsmasq is not installed (apt-get install dnsmasq-base); no reference");
            return null;
        }
        Path dir = ws.newDirectory("dnsmasq");
        Path hosts = dir.resolve("hosts");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(ips.get(i)).append(' ').append(names.get(i)).append('\n');
        }
        Files.writeString(hosts, text);
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        dnsmasqAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        return new ProcessBuilder(binary.toString(), "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv",
                "--no-hosts", "--addn-hosts=" + hosts, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--port=" + port, "--local=/cluster.local/", "--local-ttl=5", "--cache-size=10000",
                "--dns-forward-max=1000", "--pid-file=" + dir.resolve("pid"), "--user=root")
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    }

    private void awaitAnswer(InetSocketAddress server, String name) throws Exception {
        long deadline = clock.nanoTime() + Duration.ofSeconds(60).toNanos();
        byte[] query = query(name, 1);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(500);
            while (clock.nanoTime() < deadline) {
                if (ask(socket, server, query, new byte[1500])) {
                    return;
                }
                clock.sleep(Duration.ofMillis(100));
            }
        }
        throw new IllegalStateException(server + " does not answer " + name);
    }

    private Latencies load(InetSocketAddress server, List<String> names, int clients, Duration window)
            throws Exception {
        List<byte[]> queries = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            queries.add(query(names.get(i), i & 0xffff));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            // A short warm-up, then the measured window.
            runClients(pool, server, queries, clients, scale.duration(Duration.ofSeconds(2)));
            long start = clock.nanoTime();
            List<Result> results = runClients(pool, server, queries, clients, window);
            Duration elapsed = Duration.ofNanos(clock.nanoTime() - start);
            return Latencies.of(results.stream().map(Result::nanos).toList(), elapsed,
                    results.stream().mapToLong(Result::failures).sum());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Result(long[] nanos, long failures) {}

    private List<Result> runClients(ExecutorService pool, InetSocketAddress server, List<byte[]> queries,
            int clients, Duration window) throws Exception {
        long end = clock.nanoTime() + window.toNanos();
        List<Future<Result>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int offset = c * queries.size() / clients;
            Callable<Result> client = () -> {
                long[] nanos = new long[1 << 16];
                int n = 0;
                long failures = 0;
                byte[] buffer = new byte[1500];
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.setSoTimeout((int) QUERY_TIMEOUT.toMillis());
                    for (int i = offset; clock.nanoTime() < end; i++) {
                        byte[] query = queries.get(i % queries.size());
                        long t0 = clock.nanoTime();
                        if (ask(socket, server, query, buffer)) {
                            if (n == nanos.length) {
                                nanos = java.util.Arrays.copyOf(nanos, n * 2);
                            }
                            nanos[n++] = clock.nanoTime() - t0;
                        } else {
                            failures++;
                        }
                    }
                }
                return new Result(java.util.Arrays.copyOf(nanos, n), failures);
            };
            futures.add(pool.submit(client));
        }
        List<Result> results = new ArrayList<>();
        for (Future<Result> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    /** One query and its answer: true when the answer has this query's id, NOERROR and at least one record. */
    private static boolean ask(DatagramSocket socket, InetSocketAddress server, byte[] query, byte[] buffer)
            throws IOException {
        socket.send(new DatagramPacket(query, query.length, server));
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            do {
                socket.receive(packet);
            } while (packet.getLength() < 12 || buffer[0] != query[0] || buffer[1] != query[1]);
        } catch (SocketTimeoutException e) {
            return false;
        }
        int rcode = buffer[3] & 0x0f;
        int answers = ((buffer[6] & 0xff) << 8) | (buffer[7] & 0xff);
        return rcode == 0 && answers > 0;
    }

    private static byte[] query(String name, int id) throws IOException {
        Message message = Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN));
        message.getHeader().setID(id);
        return message.toWire();
    }
}
