package skiff.kubelet.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.kubelet.network.ResolvConfFile;
import skiff.kubelet.runtime.SandboxConfig;

class SandboxConfigsTest {
    private static final ApiObjects NONE = new ApiObjects() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.empty();
        }
    };

    @TempDir
    Path dir;

    private static Pod pod(String name, String hostname, String subdomain) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withUid("u1").endMetadata()
                .withNewSpec().withHostname(hostname).withSubdomain(subdomain).endSpec().build();
    }

    private NodeSettings node(List<String> clusterDns) throws Exception {
        Path resolv = Files.writeString(dir.resolve("resolv.conf"), "search corp.example\nnameserver 192.0.2.53\n");
        return new NodeSettings("skiff", 1L << 30, -1, dir, false, clusterDns, "cluster.local", resolv);
    }

    private SandboxConfig config(Pod pod, NodeSettings node, List<ResolvConfFile.Warning> warnings) {
        return ((Resolved.Ok<SandboxConfig>) SandboxConfigs.of(new ContainerConfigs.Context(pod, "", "10.0.0.1", NONE,
                node), warnings::add)).value();
    }

    @Test
    void theHostnameIsThePodsName() throws Exception {
        assertThat(config(pod("web-0", null, null), node(List.of()), new ArrayList<>()).hostname()).isEqualTo("web-0");
    }

    @Test
    void specHostnameWins() throws Exception {
        assertThat(config(pod("web-0", "db", null), node(List.of()), new ArrayList<>()).hostname()).isEqualTo("db");
    }

    @Test
    void aLongNameIsCutTo63CharactersWithoutATrailingDashOrDot() throws Exception {
        String name = "a".repeat(61) + "-.-bcd";

        assertThat(config(pod(name, null, null), node(List.of()), new ArrayList<>()).hostname())
                .isEqualTo("a".repeat(61));
    }

    @Test
    void aPodWithASubdomainGetsItsDomainAndClusterFirstResolvesWithClusterDns() throws Exception {
        List<ResolvConfFile.Warning> warnings = new ArrayList<>();

        SandboxConfig config = config(pod("web-0", null, "web"), node(List.of("10.43.0.10")), warnings);

        assertThat(config.dns().domain()).isEqualTo("web.shop.svc.cluster.local");
        assertThat(config.dns().resolvConf()).isEqualTo("search shop.svc.cluster.local svc.cluster.local"
                + " cluster.local corp.example\nnameserver 10.43.0.10\noptions ndots:5\n");
        assertThat(warnings).isEmpty();
    }

    @Test
    void withoutClusterDnsThePodUsesTheNodesResolverAndIsWarned() throws Exception {
        List<ResolvConfFile.Warning> warnings = new ArrayList<>();

        SandboxConfig config = config(pod("web-0", null, null), node(List.of()), warnings);

        assertThat(config.dns().resolvConf()).isEqualTo("search corp.example\nnameserver 192.0.2.53\n");
        assertThat(warnings).extracting(ResolvConfFile.Warning::reason).contains("MissingClusterDNS");
    }

    @Test
    void anInvalidSubdomainFailsTheSandboxConfig() throws Exception {
        assertThat(SandboxConfigs.of(new ContainerConfigs.Context(pod("web-0", null, "Not_A_Label"), "", "10.0.0.1",
                NONE, node(List.of()))))
                .isInstanceOfSatisfying(Resolved.Invalid.class, invalid -> assertThat(invalid.message())
                        .contains("Not_A_Label"));
    }
}
