package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import skiff.dns.ClusterDnsOptions;
import skiff.dns.DnsServer;
import skiff.dns.KubeDnsService;

/**
 * Cluster DNS in a real Skiff server on 127.0.0.1: objects created through the API answered over UDP and TCP (dnsjava's
 * resolver and busybox nslookup), other names forwarded to a fake upstream of the test's own on 127.0.0.1.
 */
class ClusterDnsTest {
    private static final String SUFFIX = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    private static final String NS = "dns-" + SUFFIX;
    /** 300 names of 60 characters: more than fits in one UDP answer, so the fake upstream's answer is truncated. */
    private static final int BIG_TXT_RECORDS = 300;

    private static DnsServer upstream;
    private static SkiffServer server;
    private static KubernetesClient client;
    private static InetSocketAddress dns;

    @BeforeAll
    static void start() {
        upstream = DnsServer.start(InetAddress.getLoopbackAddress(), 0, ClusterDnsTest::fakeUpstream);
        server = SkiffServer.startTemporary(StoreKind.MEMORY, o -> o.withKubelet(KubeletOptions.disabled())
                .withDns(ClusterDnsOptions.defaults().withListen("127.0.0.1", 0)
                        .withUpstreams(List.of(upstream.address()))));
        client = server.newClient();
        dns = server.dns().orElseThrow().address();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void createsTheKubeDnsServiceWithItsEndpointsAtTheListeningAddress() {
        Service service = client.services().inNamespace(KubeDnsService.NAMESPACE).withName(KubeDnsService.NAME).get();
        assertThat(service.getSpec().getClusterIP()).isEqualTo("10.43.0.10");
        assertThat(service.getSpec().getSelector()).isNullOrEmpty();
        assertThat(service.getMetadata().getLabels()).containsEntry("k8s-app", "kube-dns");
        assertThat(service.getSpec().getPorts())
                .extracting(p -> p.getName() + "/" + p.getPort() + "/" + p.getProtocol())
                .containsExactly("dns/53/UDP", "dns-tcp/53/TCP");

        // Awaited: another test deletes the slice to see it come back.
        EndpointSlice slice = await().atMost(Duration.ofSeconds(60)).until(() -> client.discovery().v1()
                .endpointSlices().inNamespace(KubeDnsService.NAMESPACE).withName(KubeDnsService.NAME).get(),
                java.util.Objects::nonNull);
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "kube-dns");
        assertThat(slice.getEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getAddresses()).containsExactly("127.0.0.1"));
        assertThat(slice.getPorts()).extracting(p -> p.getName() + "/" + p.getPort() + "/" + p.getProtocol())
                .containsExactlyInAnyOrder("dns/" + dns.getPort() + "/UDP", "dns-tcp/" + dns.getPort() + "/TCP");
        assertThat(client.endpoints().inNamespace(KubeDnsService.NAMESPACE).withName(KubeDnsService.NAME).get()
                .getSubsets()).singleElement().satisfies(s -> assertThat(s.getAddresses())
                .extracting(a -> a.getIp()).containsExactly("127.0.0.1"));
    }

    @Test
    void putsTheKubeDnsEndpointsBackWhenTheyAreDeleted() {
        client.discovery().v1().endpointSlices().inNamespace(KubeDnsService.NAMESPACE).withName(KubeDnsService.NAME)
                .delete();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client.discovery().v1()
                .endpointSlices().inNamespace(KubeDnsService.NAMESPACE).withName(KubeDnsService.NAME).get())
                .isNotNull().satisfies(s -> assertThat(s.getEndpoints().getFirst().getAddresses())
                        .containsExactly("127.0.0.1")));
    }

    @Test
    void answersServicesCreatedThroughTheApiOverUdpAndTcp() throws Exception {
        String ip = "10.43.201." + ThreadLocalRandom.current().nextInt(2, 250);
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withClusterIP(ip).withClusterIPs(ip).withPorts(new ServicePortBuilder()
                        .withName("http").withPort(80).withProtocol("TCP").withTargetPort(new IntOrString(8080))
                        .build()).endSpec().build()).create();
        String name = "web." + NS + ".svc.cluster.local.";

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(answers(query(name, Type.A), false))
                .containsExactly(name + " A " + ip));
        assertThat(answers(query(name, Type.A), true)).containsExactly(name + " A " + ip);
        assertThat(answers(query("_http._tcp." + name, Type.SRV), false))
                .containsExactly("_http._tcp." + name + " SRV 0 100 80 " + name);
        String reverse = String.join(".", List.of(ip.split("\\.")).reversed()) + ".in-addr.arpa.";
        assertThat(answers(query(reverse, Type.PTR), false)).containsExactly(reverse + " PTR " + name);
        Message aaaa = send(query(name, Type.AAAA), false);
        assertThat(aaaa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(aaaa.getSection(Section.ANSWER)).isEmpty();
        assertThat(aaaa.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
        Message missing = send(query("nope." + NS + ".svc.cluster.local.", Type.A), false);
        assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);

        client.services().inNamespace(NS).withName("web").delete();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(send(query(name, Type.A), false)
                .getRcode()).isEqualTo(Rcode.NXDOMAIN));
    }

    @Test
    void answersHeadlessServicesByEndpointFromTheirSlices() throws Exception {
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("db").endMetadata()
                .withNewSpec().withClusterIP("None").withPorts(new ServicePortBuilder().withName("pg").withPort(5432)
                        .withProtocol("TCP").build()).endSpec().build()).create();
        client.discovery().v1().endpointSlices().inNamespace(NS).resource(new EndpointSliceBuilder().withNewMetadata()
                .withName("db-abc").withLabels(Map.of("kubernetes.io/service-name", "db")).endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(new EndpointBuilder().withAddresses("10.42.7.10").withHostname("db-0")
                                .withNewConditions().withReady(true).endConditions().build(),
                        new EndpointBuilder().withAddresses("10.42.7.11").withHostname("db-1")
                                .withNewConditions().withReady(true).endConditions().build(),
                        new EndpointBuilder().withAddresses("10.42.7.12").withHostname("db-2")
                                .withNewConditions().withReady(false).endConditions().build())
                .withPorts(new EndpointPortBuilder().withName("pg").withPort(5432).withProtocol("TCP").build())
                .build()).create();
        String name = "db." + NS + ".svc.cluster.local.";

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(answers(query(name, Type.A), false))
                .containsExactlyInAnyOrder(name + " A 10.42.7.10", name + " A 10.42.7.11"));
        assertThat(answers(query("db-1." + name, Type.A), true)).containsExactly("db-1." + name + " A 10.42.7.11");
        assertThat(send(query("db-2." + name, Type.A), false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answers(query("_pg._tcp." + name, Type.SRV), false)).containsExactlyInAnyOrder(
                "_pg._tcp." + name + " SRV 0 50 5432 db-0." + name, "_pg._tcp." + name + " SRV 0 50 5432 db-1." + name);
        assertThat(answers(query("10.7.42.10.in-addr.arpa.", Type.PTR), false))
                .containsExactly("10.7.42.10.in-addr.arpa. PTR db-0." + name);
    }

    @Test
    void forwardsOtherNamesToTheUpstreamOverUdpThenTcpWhenTruncated() throws Exception {
        assertThat(answers(query("host.example.test.", Type.A), false))
                .containsExactly("host.example.test. A 192.0.2.55");

        Message big = send(query("big.example.test.", Type.TXT), false);
        assertThat(big.getHeader().getFlag(Flags.TC)).as("the UDP answer to the client is truncated").isTrue();
        assertThat(send(query("big.example.test.", Type.TXT), true).getSection(Section.ANSWER))
                .as("the upstream's whole answer, which the server fetched over TCP").hasSize(BIG_TXT_RECORDS);
    }

    @Test
    void answersSERVFAILWhenTheUpstreamDoesNot() throws Exception {
        Message response = send(query("fail.example.test.", Type.A), false);

        assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void busyboxNslookupResolvesServiceNames() throws Exception {
        Path busybox = Path.of("/bin/busybox");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(busybox), "busybox is not installed");
        String ip = "10.43.202." + ThreadLocalRandom.current().nextInt(2, 250);
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("api").endMetadata()
                .withNewSpec().withClusterIP(ip).withClusterIPs(ip).withPorts(new ServicePortBuilder().withPort(443)
                        .withProtocol("TCP").build()).endSpec().build()).create();
        String name = "api." + NS + ".svc.cluster.local";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(answers(query(name + ".", Type.A), false))
                .isNotEmpty());

        String output = run(busybox.toString(), "nslookup", "-type=a", "-port=" + dns.getPort(), name, "127.0.0.1");
        assertThat(output).contains("Name:\t" + name).contains("Address: " + ip);
        String missing = run(busybox.toString(), "nslookup", "-type=a", "-port=" + dns.getPort(),
                "gone." + NS + ".svc.cluster.local", "127.0.0.1");
        assertThat(missing).contains("NXDOMAIN");
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The fake upstream: host.example.test is 192.0.2.55, big.example.test has many TXT records,
     * fail.example.test gets no answer at all. */
    private static Message fakeUpstream(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        Name name = query.getQuestion().getName();
        switch (name.toString().toLowerCase(Locale.ROOT)) {
            case "host.example.test." -> response.addRecord(new ARecord(name, DClass.IN, 60, address("192.0.2.55")),
                    Section.ANSWER);
            case "big.example.test." -> {
                for (int i = 0; i < BIG_TXT_RECORDS; i++) {
                    response.addRecord(new TXTRecord(name, DClass.IN, 60, String.format("%060d", i)),
                            Section.ANSWER);
                }
            }
            default -> response.getHeader().setRcode(Rcode.REFUSED);
        }
        return name.toString().startsWith("fail.") ? null : response;
    }

    private static InetAddress address(String ip) {
        try {
            return org.xbill.DNS.Address.getByAddress(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static Message send(Message query, boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(dns);
        resolver.setTCP(tcp);
        resolver.setIgnoreTruncation(true);
        resolver.setTimeout(Duration.ofSeconds(5));
        return resolver.send(query);
    }

    private static List<String> answers(Message query, boolean tcp) throws Exception {
        Message response = send(query, tcp);
        List<String> lines = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            lines.add(r.getName().toString().toLowerCase(Locale.ROOT) + " " + Type.string(r.getType()) + " "
                    + r.rdataToString());
        }
        return lines;
    }
}
