package skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Cases after k/k 1.32 pkg/kubelet/network/dns/dns_test.go (TestGetPodDNS, TestGetPodDNSCustom, the limits). */
class ResolvConfFileTest {
    private static final String HOST = "nameserver 192.0.2.53\nsearch corp.example. lab.example\noptions rotate\n";
    private static final ResolvConfFile.NodeDns CLUSTER =
            new ResolvConfFile.NodeDns(List.of("10.43.0.10"), "cluster.local", HOST, List.of("192.0.2.2"));
    private static final ResolvConfFile.NodeDns NO_CLUSTER_DNS =
            new ResolvConfFile.NodeDns(List.of(), "cluster.local", HOST, List.of("192.0.2.2"));

    @Test
    void clusterFirstUsesOnlyTheClusterServerWithClusterSearchesAndNdots5() {
        ResolvConfFile.Result result = ResolvConfFile.forPod(pod("ClusterFirst", false, null), CLUSTER);
        assertThat(result.resolvConf()).isEqualTo("""
                search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
                nameserver 10.43.0.10
                options ndots:5
                """);
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void clusterFirstWithoutAClusterDnsFallsBackToTheHostsSettingsWithAWarning() {
        ResolvConfFile.Result result = ResolvConfFile.forPod(pod("ClusterFirst", false, null), NO_CLUSTER_DNS);
        assertThat(result.resolvConf()).isEqualTo("""
                search corp.example lab.example
                nameserver 192.0.2.53
                options rotate
                """);
        assertThat(result.warnings()).extracting(ResolvConfFile.Warning::reason)
                .containsExactly("MissingClusterDNS", "MissingClusterDNS");
        assertThat(result.warnings().get(0).message()).isEqualTo("kubelet does not have ClusterDNS IP configured and"
                + " cannot create Pod using \"ClusterFirst\" policy. Falling back to \"Default\" policy.");
        assertThat(result.warnings().get(1).message()).startsWith("pod: \"p_shop(uid-1)\". kubelet does not have");
    }

    @Test
    void clusterFirstOnTheHostNetworkIsDefaultAndWithHostNetIsCluster() {
        assertThat(ResolvConfFile.forPod(pod("ClusterFirst", true, null), CLUSTER).config().servers())
                .containsExactly("192.0.2.53");
        assertThat(ResolvConfFile.forPod(pod("ClusterFirstWithHostNet", true, null), CLUSTER).config().servers())
                .containsExactly("10.43.0.10");
    }

    @Test
    void defaultWithoutAHostResolvConfPointsAtLocalhost() {
        ResolvConfFile.NodeDns none = new ResolvConfFile.NodeDns(List.of(), "cluster.local", null,
                List.of("192.0.2.2", "fd00::2"));
        assertThat(ResolvConfFile.forPod(pod("Default", false, null), none).resolvConf())
                .isEqualTo("search .\nnameserver 127.0.0.1\nnameserver ::1\n");
    }

    @Test
    void noneTakesOnlyTheDnsConfig() {
        PodDNSConfig config = new PodDNSConfigBuilder().withNameservers("203.0.113.1")
                .withSearches("my.dns.search.suffix").addNewOption().withName("ndots").withValue("2").endOption()
                .addNewOption().withName("edns0").endOption().build();
        assertThat(ResolvConfFile.forPod(pod("None", false, config), CLUSTER).resolvConf()).isEqualTo("""
                search my.dns.search.suffix
                nameserver 203.0.113.1
                options ndots:2 edns0
                """);
    }

    @Test
    void dnsConfigAppendsWithoutDuplicatesAndOverridesOptions() {
        PodDNSConfig config = new PodDNSConfigBuilder().withNameservers("10.43.0.10", "203.0.113.1")
                .withSearches("svc.cluster.local", "extra.example")
                .addNewOption().withName("ndots").withValue("3").endOption().build();
        assertThat(ResolvConfFile.forPod(pod("ClusterFirst", false, config), CLUSTER).resolvConf()).isEqualTo("""
                search shop.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example extra.example
                nameserver 10.43.0.10
                nameserver 203.0.113.1
                options ndots:3
                """);
    }

    @Test
    void moreThanThreeNameserversAreCutWithAWarning() {
        PodDNSConfig config = new PodDNSConfigBuilder().withNameservers("1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4")
                .build();
        ResolvConfFile.Result result = ResolvConfFile.forPod(pod("None", false, config), CLUSTER);
        assertThat(result.config().servers()).containsExactly("1.1.1.1", "2.2.2.2", "3.3.3.3");
        assertThat(result.warnings()).extracting(ResolvConfFile.Warning::message).containsExactly(
                "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line"
                        + " is: 1.1.1.1 2.2.2.2 3.3.3.3");
    }

    @Test
    void moreThan32SearchPathsAreCut() {
        List<String> searches = IntStream.range(0, 40).mapToObj(i -> "s" + i + ".example").toList();
        ResolvConfFile.Result result = ResolvConfFile.forPod(
                pod("None", false, new PodDNSConfigBuilder().withSearches(searches).build()), CLUSTER);
        assertThat(result.config().searches()).hasSize(32).endsWith("s31.example");
        assertThat(result.warnings()).extracting(ResolvConfFile.Warning::reason).containsExactly("DNSConfigForming");
    }

    @Test
    void aSearchLineOver2048CharactersLosesItsLastPaths() {
        List<String> searches = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            searches.add(("d" + i + "-").repeat(80).substring(0, 240) + ".example");
        }
        ResolvConfFile.Result result = ResolvConfFile.forPod(
                pod("None", false, new PodDNSConfigBuilder().withSearches(searches).build()), CLUSTER);
        assertThat(String.join(" ", result.config().searches()).length()).isLessThanOrEqualTo(2048);
        assertThat(result.config().searches()).isEqualTo(searches.subList(0, 8));
        assertThat(result.warnings().getFirst().message())
                .startsWith("Search Line limits were exceeded, some search paths have been omitted");
    }

    @Test
    void theHostFileKeepsTheLastSearchAndOptionsLines() {
        DnsConfig host = ResolvConfFile.parse("# comment\nnameserver 1.1.1.1\nsearch a.example\nnameserver 2.2.2.2\n"
                + "search b.example c.example.\noptions timeout:1\noptions attempts:2\n");
        assertThat(host).isEqualTo(new DnsConfig(List.of("1.1.1.1", "2.2.2.2"), List.of("b.example", "c.example"),
                List.of("attempts:2")));
    }

    private static Pod pod(String policy, boolean hostNetwork, PodDNSConfig config) {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("shop").withUid("uid-1").endMetadata()
                .withNewSpec().withDnsPolicy(policy).withHostNetwork(hostNetwork).withDnsConfig(config).endSpec()
                .build();
    }
}
