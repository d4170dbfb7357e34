package skiff.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.dns.StaticCluster.endpoint;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The names of a small cluster and what the zone answers for them, in the manner of CoreDNS' handler tests. */
class KubernetesZoneTest {
    private static final StaticCluster CLUSTER = new StaticCluster("ns1", "default")
            .clusterIp("ns1", "svc1", "10.43.0.100", "http/80/TCP", "dns/53/UDP", "/8080/TCP")
            .headless("ns1", "hdls1", false)
            .slice("ns1", "hdls1", List.of("http/80/TCP"), endpoint("10.42.0.2", "web-0", true),
                    endpoint("10.42.0.3", null, null), endpoint("10.42.0.4", null, false))
            .headless("ns1", "pnr", true)
            .slice("ns1", "pnr", List.of("http/80/TCP"), endpoint("10.42.0.9", null, false))
            .headless("ns1", "noports", false)
            .slice("ns1", "noports", List.of(), endpoint("10.42.0.20", null, true))
            .headless("ns1", "empty", false)
            .externalName("ns1", "ext1", "ext.example.com")
            .externalName("ns1", "ext2", "svc1.ns1.svc.cluster.local");
    /** The fake upstream: every A question is 192.0.2.10. */
    private static final Function<Message, Message> UPSTREAM = query -> {
        Message response = new Message(query.getHeader().getID());
        response.addRecord(query.getQuestion(), Section.QUESTION);
        response.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 30,
                ServiceRange.parseIpv4("192.0.2.10")), Section.ANSWER);
        return response;
    };
    private static final String SOA = "cluster.local. SOA ns.dns.cluster.local. hostmaster.cluster.local. "
            + "1700000000 7200 1800 86400 5";

    static Stream<Arguments> cases() {
        return Stream.of(
                ok("svc1.ns1.svc.cluster.local", Type.A, "svc1.ns1.svc.cluster.local. A 10.43.0.100"),
                ok("SVC1.Ns1.svc.cluster.local", Type.A, "svc1.ns1.svc.cluster.local. A 10.43.0.100"),
                nodata("svc1.ns1.svc.cluster.local", Type.AAAA),
                nodata("svc1.ns1.svc.cluster.local", Type.TXT),
                nxdomain("nosvc.ns1.svc.cluster.local", Type.A),
                nxdomain("svc1.nons.svc.cluster.local", Type.A),
                nodata("ns1.svc.cluster.local", Type.A),
                nxdomain("nons.svc.cluster.local", Type.A),
                nodata("svc.cluster.local", Type.A),
                nxdomain("foo.cluster.local", Type.A),
                ok("_http._tcp.svc1.ns1.svc.cluster.local", Type.SRV,
                        "_http._tcp.svc1.ns1.svc.cluster.local. SRV 0 100 80 svc1.ns1.svc.cluster.local."),
                ok("_dns._udp.svc1.ns1.svc.cluster.local", Type.SRV,
                        "_dns._udp.svc1.ns1.svc.cluster.local. SRV 0 100 53 svc1.ns1.svc.cluster.local."),
                nxdomain("_http._udp.svc1.ns1.svc.cluster.local", Type.SRV),
                nxdomain("_nope._tcp.svc1.ns1.svc.cluster.local", Type.SRV),
                nxdomain("a.b._http._tcp.svc1.ns1.svc.cluster.local", Type.A),
                ok("hdls1.ns1.svc.cluster.local", Type.A, "hdls1.ns1.svc.cluster.local. A 10.42.0.2",
                        "hdls1.ns1.svc.cluster.local. A 10.42.0.3"),
                ok("web-0.hdls1.ns1.svc.cluster.local", Type.A, "web-0.hdls1.ns1.svc.cluster.local. A 10.42.0.2"),
                ok("10-42-0-3.hdls1.ns1.svc.cluster.local", Type.A,
                        "10-42-0-3.hdls1.ns1.svc.cluster.local. A 10.42.0.3"),
                nxdomain("10-42-0-4.hdls1.ns1.svc.cluster.local", Type.A),
                nxdomain("web-1.hdls1.ns1.svc.cluster.local", Type.A),
                ok("_http._tcp.hdls1.ns1.svc.cluster.local", Type.SRV,
                        "_http._tcp.hdls1.ns1.svc.cluster.local. SRV 0 50 80 web-0.hdls1.ns1.svc.cluster.local.",
                        "_http._tcp.hdls1.ns1.svc.cluster.local. SRV 0 50 80 10-42-0-3.hdls1.ns1.svc.cluster.local."),
                ok("pnr.ns1.svc.cluster.local", Type.A, "pnr.ns1.svc.cluster.local. A 10.42.0.9"),
                ok("noports.ns1.svc.cluster.local", Type.A, "noports.ns1.svc.cluster.local. A 10.42.0.20"),
                nodata("noports.ns1.svc.cluster.local", Type.SRV),
                nxdomain("empty.ns1.svc.cluster.local", Type.A),
                ok("ext1.ns1.svc.cluster.local", Type.A, "ext1.ns1.svc.cluster.local. CNAME ext.example.com.",
                        "ext.example.com. A 192.0.2.10"),
                ok("ext1.ns1.svc.cluster.local", Type.CNAME, "ext1.ns1.svc.cluster.local. CNAME ext.example.com."),
                nxdomain("_http._tcp.ext1.ns1.svc.cluster.local", Type.SRV),
                ok("ext2.ns1.svc.cluster.local", Type.A,
                        "ext2.ns1.svc.cluster.local. CNAME svc1.ns1.svc.cluster.local.",
                        "svc1.ns1.svc.cluster.local. A 10.43.0.100"),
                ok("1-2-3-4.ns1.pod.cluster.local", Type.A, "1-2-3-4.ns1.pod.cluster.local. A 1.2.3.4"),
                nodata("1-2-3-4.ns1.pod.cluster.local", Type.AAAA),
                nxdomain("1-2-3-4.nons.pod.cluster.local", Type.A),
                nxdomain("not-an-ip.ns1.pod.cluster.local", Type.A),
                ok("100.0.43.10.in-addr.arpa", Type.PTR, "100.0.43.10.in-addr.arpa. PTR svc1.ns1.svc.cluster.local."),
                ok("2.0.42.10.in-addr.arpa", Type.PTR,
                        "2.0.42.10.in-addr.arpa. PTR web-0.hdls1.ns1.svc.cluster.local."),
                ok("3.0.42.10.in-addr.arpa", Type.PTR,
                        "3.0.42.10.in-addr.arpa. PTR 10-42-0-3.hdls1.ns1.svc.cluster.local."),
                ok("dns-version.cluster.local", Type.TXT, "dns-version.cluster.local. TXT \"1.1.0\""),
                ok("cluster.local", Type.SOA, SOA),
                ok("ns.dns.cluster.local", Type.A, "ns.dns.cluster.local. A 10.43.0.10"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void answers(String name, String type, int rcode, List<String> answer, boolean soa) throws Exception {
        Message response = zone().answer(query(name, Type.value(type)), UPSTREAM).orElseThrow();

        assertThat(Rcode.string(response.getRcode())).isEqualTo(Rcode.string(rcode));
        assertThat(lines(response, Section.ANSWER)).containsExactlyElementsOf(answer);
        assertThat(lines(response, Section.AUTHORITY)).isEqualTo(soa ? List.of(SOA) : List.of());
        assertThat(response.getSection(Section.ANSWER)).allSatisfy(r -> {
            if (r.getName().subdomain(Name.fromConstantString("cluster.local."))) {
                assertThat(r.getTTL()).isEqualTo(KubernetesZone.TTL);
            }
        });
        assertThat(response.getHeader().getFlag(org.xbill.DNS.Flags.AA)).isTrue();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"example.com", "cluster.local.example.com",
            "1.1.168.192.in-addr.arpa", "100.0.43.10.in-addr.arpa/A", "0.43.10.in-addr.arpa"})
    void forwardsWhatIsNotTheClusters(String name) throws Exception {
        String[] parts = name.split("/");
        int type = parts.length > 1 ? Type.value(parts[1]) : Type.PTR;

        assertThat(zone().answer(query(parts[0], type), UPSTREAM)).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"_http._tcp.svc1.ns1.svc.cluster.local"})
    void srvRecordsCarryTheTargetsAddresses(String name) throws Exception {
        Message response = zone().answer(query(name, Type.SRV), UPSTREAM).orElseThrow();

        assertThat(lines(response, Section.ADDITIONAL)).containsExactly("svc1.ns1.svc.cluster.local. A 10.43.0.100");
    }

    @org.junit.jupiter.api.Test
    void aNameNotFoundBeforeTheCachesSyncIsAServerFailure() throws Exception {
        StaticCluster unsynced = new StaticCluster("ns1") {
            @Override
            public boolean synced() {
                return false;
            }
        };
        KubernetesZone zone = new KubernetesZone("cluster.local", unsynced,
                java.net.InetAddress.getByName("10.43.0.10"));

        Message response = zone.answer(query("svc1.ns1.svc.cluster.local", Type.A), UPSTREAM).orElseThrow();

        assertThat(response.getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    private static KubernetesZone zone() throws Exception {
        return new KubernetesZone("cluster.local", CLUSTER, java.net.InetAddress.getByName("10.43.0.10"));
    }

    static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
    }

    static List<String> lines(Message response, int section) {
        return response.getSection(section).stream().map(r -> r.getName().toString().toLowerCase(Locale.ROOT) + " "
                + Type.string(r.getType()) + " " + r.rdataToString()).toList();
    }

    private static Arguments ok(String name, int type, String... answer) {
        return Arguments.of(name, Type.string(type), Rcode.NOERROR, Arrays.asList(answer), false);
    }

    private static Arguments nodata(String name, int type) {
        return Arguments.of(name, Type.string(type), Rcode.NOERROR, List.of(), true);
    }

    private static Arguments nxdomain(String name, int type) {
        return Arguments.of(name, Type.string(type), Rcode.NXDOMAIN, List.of(), true);
    }
}
