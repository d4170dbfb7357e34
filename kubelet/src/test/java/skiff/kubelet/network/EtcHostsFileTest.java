package skiff.kubelet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected texts from k/k 1.32 pkg/kubelet/kubelet_pods_test.go (TestManagedHostsFileContent, host network). */
class EtcHostsFileTest {
    private static final String LOCALHOST = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            fe00::0\tip6-mcastprefix
            fe00::1\tip6-allnodes
            fe00::2\tip6-allrouters
            """;

    @Test
    void aPodIpNamesTheHostname() {
        assertThat(EtcHostsFile.managed(List.of("123.45.67.89"), "podFoo", "", List.of()))
                .isEqualTo("# Kubernetes-managed hosts file.\n" + LOCALHOST + "123.45.67.89\tpodFoo\n");
    }

    @Test
    void aDomainGivesTheFullyQualifiedNameFirst() {
        assertThat(EtcHostsFile.managed(List.of("203.0.113.1", "fd00::6"), "podFoo", "domainFoo", List.of()))
                .isEqualTo("# Kubernetes-managed hosts file.\n" + LOCALHOST
                        + "203.0.113.1\tpodFoo.domainFoo\tpodFoo\nfd00::6\tpodFoo.domainFoo\tpodFoo\n");
    }

    @Test
    void hostAliasesFollowOneLinePerAddress() {
        List<HostAlias> aliases = List.of(new HostAlias(List.of("foo", "bar", "baz"), "123.45.67.89"),
                new HostAlias(List.of("abc", "def"), "456.78.90.123"));
        assertThat(EtcHostsFile.managed(List.of("203.0.113.1"), "podFoo", "domainFoo", aliases))
                .isEqualTo("# Kubernetes-managed hosts file.\n" + LOCALHOST
                        + "203.0.113.1\tpodFoo.domainFoo\tpodFoo\n"
                        + "\n# Entries added by HostAliases.\n"
                        + "123.45.67.89\tfoo\tbar\tbaz\n456.78.90.123\tabc\tdef\n");
    }

    @Test
    void aHostNetworkPodGetsTheNodesFileAndItsAliases() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withHostNetwork(true)
                .addNewHostAlias().withIp("10.0.0.9").withHostnames("db").endHostAlias().endSpec().build();
        assertThat(EtcHostsFile.forPod(pod, List.of("192.0.2.2"), "cluster.local",
                "127.0.0.1\tlocalhost\n123.45.67.89\tsome.domain\n"))
                .isEqualTo("# Kubernetes-managed hosts file (host network).\n"
                        + "127.0.0.1\tlocalhost\n123.45.67.89\tsome.domain\n"
                        + "\n# Entries added by HostAliases.\n10.0.0.9\tdb\n");
    }

    @Test
    void aPodNamesItselfByHostnameAndSubdomainInTheClusterDomain() {
        Pod pod = new PodBuilder().withNewMetadata().withName("web-0").withNamespace("shop").endMetadata()
                .withNewSpec().withHostname("web").withSubdomain("front").endSpec().build();
        assertThat(EtcHostsFile.forPod(pod, List.of("10.42.0.7"), "cluster.local", ""))
                .endsWith(LOCALHOST + "10.42.0.7\tweb.front.shop.svc.cluster.local\tweb\n");
        assertThat(PodHostname.of(pod, "cluster.local").fqdn()).isEqualTo("web.front.shop.svc.cluster.local");
    }

    @Test
    void aLongPodNameIsCutTo63CharactersWithoutATrailingDash() {
        String name = "a".repeat(62) + "-b" + "c".repeat(10);
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().endSpec().build();
        assertThat(PodHostname.of(pod, "cluster.local").hostname()).isEqualTo("a".repeat(62));
    }

    @Test
    void anInvalidHostnameIsRefusedWithTheKubeletsMessage() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("default").endMetadata()
                .withNewSpec().withHostname("Bad_Name").endSpec().build();
        assertThatThrownBy(() -> PodHostname.of(pod, "cluster.local"))
                .hasMessageStartingWith("pod Hostname \"Bad_Name\" is not a valid DNS label: a lowercase RFC 1123"
                        + " label must consist of");
    }
}
