package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.security.CertificateAuthority;
import skiff.apiserver.security.Kubeconfig;
import skiff.client.bootstrap.DetachedJws;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ClusterInfoDiscoveryTest {
    private static final String TOKEN = "abcdef.0123456789abcdef";
    private static final CertificateAuthority CA = CertificateAuthority.generate();
    private static final String KUBECONFIG = Kubeconfig.renderClusterOnly("https://127.0.0.1:6443",
            CA.certificatePem());
    private static final String PIN = CaCertHash.of(CA.certificatePem());

    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final List<Optional<String>> reads = new ArrayList<>();

    @Test
    void theCaOfAKubeconfigTheTokenSignedIsTrustedOnceReadAgainOverVerifiedTls() {
        String signature = DetachedJws.sign(KUBECONFIG, "abcdef", "0123456789abcdef");

        assertThat(discovery(clusterInfo(Map.of("jws-kubeconfig-abcdef", signature))).discoverCa(TOKEN,
                List.of(PIN))).isEqualTo(CA.certificatePem());
        assertThat(reads).containsExactly(Optional.empty(), Optional.of(CA.certificatePem()));
    }

    @Test
    void aSignatureNotTheTokensIsRefusedAtOnce() {
        String forged = DetachedJws.sign(KUBECONFIG, "abcdef", "ffffffffffffffff");

        assertThatThrownBy(() -> discovery(clusterInfo(Map.of("jws-kubeconfig-abcdef", forged))).discoverCa(TOKEN,
                List.of(PIN))).hasMessage("failed to verify JWS signature of received cluster info object, can't "
                + "trust this API Server");
        assertThat(reads).hasSize(1);
    }

    @Test
    void aMissingSignatureIsAwaitedThenRefused() {
        String otherToken = DetachedJws.sign(KUBECONFIG, "ghijkl", "0123456789abcdef");

        assertThatThrownBy(() -> discovery(clusterInfo(Map.of("jws-kubeconfig-ghijkl", otherToken)))
                .discoverCa(TOKEN, List.of(PIN)))
                .hasMessage("could not find a JWS signature in the cluster-info ConfigMap for token ID \"abcdef\"");
        // Read every 5 s for a minute, the first time included.
        assertThat(reads).hasSize(13);
    }

    @Test
    void aSignatureThatComesWithinTheWindowIsTaken() {
        JsonNode unsigned = clusterInfo(Map.of());
        JsonNode signed = clusterInfo(Map.of("jws-kubeconfig-abcdef", DetachedJws.sign(KUBECONFIG, "abcdef",
                "0123456789abcdef")));
        ClusterInfoDiscovery discovery = new ClusterInfoDiscovery(trustedCa -> {
            reads.add(trustedCa);
            return reads.size() < 3 ? unsigned : signed;
        }, Duration.ofSeconds(5), Duration.ofMinutes(1), clock);

        assertThat(discovery.discoverCa(TOKEN, List.of(PIN))).isEqualTo(CA.certificatePem());
        assertThat(reads).hasSize(4);
    }

    @Test
    void aSignedCaThatIsNotPinnedIsRefused() {
        String signature = DetachedJws.sign(KUBECONFIG, "abcdef", "0123456789abcdef");

        assertThatThrownBy(() -> discovery(clusterInfo(Map.of("jws-kubeconfig-abcdef", signature))).discoverCa(TOKEN,
                List.of("sha256:" + "0".repeat(64)))).hasMessage("cluster CA found in cluster-info ConfigMap is "
                + "invalid: none of the public keys \"" + PIN + "\" are pinned");
    }

    @Test
    void aMalformedTokenIsRefusedBeforeAnyRead() {
        assertThatThrownBy(() -> discovery(clusterInfo(Map.of())).discoverCa("abcdef:0123456789abcdef",
                List.of(PIN))).hasMessage("the bootstrap token \"abcdef:0123456789abcdef\" was not of the form "
                + "\"[a-z0-9]{6}.[a-z0-9]{16}\"");
        assertThat(reads).isEmpty();
    }

    private ClusterInfoDiscovery discovery(JsonNode clusterInfo) {
        return new ClusterInfoDiscovery(trustedCa -> {
            reads.add(trustedCa);
            return clusterInfo;
        }, Duration.ofSeconds(5), Duration.ofMinutes(1), clock);
    }

    private static JsonNode clusterInfo(Map<String, String> signatures) {
        ObjectNode configMap = Json.object();
        ObjectNode data = configMap.putObject("data").put("kubeconfig", KUBECONFIG);
        signatures.forEach(data::put);
        return configMap;
    }
}
