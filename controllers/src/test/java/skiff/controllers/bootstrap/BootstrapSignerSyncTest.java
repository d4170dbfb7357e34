package skiff.controllers.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.client.bootstrap.DetachedJws;

class BootstrapSignerSyncTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters:\n- name: \"\"\n";

    @Test
    void eachTokenForSigningSignsTheKubeconfig() {
        Map<String, String> signed = BootstrapSignerSync.signedData(Map.of("kubeconfig", KUBECONFIG),
                List.of(token("abcdef", "0123456789abcdef", Map.of()), token("ghijkl", "fedcba9876543210",
                        Map.of("expiration", "2026-03-01T13:00:00Z"))), NOW).orElseThrow();

        assertThat(signed).containsOnlyKeys("kubeconfig", "jws-kubeconfig-abcdef", "jws-kubeconfig-ghijkl");
        assertThat(signed.get("jws-kubeconfig-abcdef")).isEqualTo(DetachedJws.sign(KUBECONFIG, "abcdef",
                "0123456789abcdef"));
        assertThat(DetachedJws.isValid(signed.get("jws-kubeconfig-ghijkl"), KUBECONFIG, "ghijkl",
                "fedcba9876543210")).isTrue();
        // Signed again with nothing changed: nothing to write.
        assertThat(BootstrapSignerSync.signedData(signed, List.of(token("abcdef", "0123456789abcdef", Map.of()),
                token("ghijkl", "fedcba9876543210", Map.of("expiration", "2026-03-01T13:00:00Z"))), NOW)).isEmpty();
    }

    @Test
    void theSignaturesOfDeletedAndExpiredTokensGo() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("kubeconfig", KUBECONFIG);
        data.put("jws-kubeconfig-abcdef", DetachedJws.sign(KUBECONFIG, "abcdef", "0123456789abcdef"));
        data.put("jws-kubeconfig-ghijkl", DetachedJws.sign(KUBECONFIG, "ghijkl", "fedcba9876543210"));
        data.put("jws-kubeconfig-mnopqr", DetachedJws.sign(KUBECONFIG, "mnopqr", "fedcba9876543210"));
        Secret expiring = token("ghijkl", "fedcba9876543210", Map.of("expiration", "2026-03-01T12:00:00Z"));
        Secret kept = token("abcdef", "0123456789abcdef", Map.of());

        // mnopqr's Secret is gone; ghijkl's expires now.
        assertThat(BootstrapSignerSync.signedData(data, List.of(kept, expiring), NOW)).contains(Map.of(
                "kubeconfig", KUBECONFIG, "jws-kubeconfig-abcdef", data.get("jws-kubeconfig-abcdef")));
        assertThat(BootstrapSignerSync.signedData(Map.of("kubeconfig", KUBECONFIG,
                "jws-kubeconfig-ghijkl", data.get("jws-kubeconfig-ghijkl")), List.of(expiring), NOW.minusSeconds(1)))
                .isEmpty();
    }

    @Test
    void tokensNotForSigningOrMalformedSignNothing() {
        List<Secret> tokens = List.of(
                token("abcdef", "0123456789abcdef", Map.of("usage-bootstrap-signing", "false")),
                token("ghijkl", "", Map.of()),
                token("mnopqr", "0123456789abcdef", Map.of("token-id", "zzzzzz")),
                token("stuvwx", "0123456789abcdef", Map.of("expiration", "tomorrow")));

        assertThat(BootstrapSignerSync.signedData(Map.of("kubeconfig", KUBECONFIG), tokens, NOW)).isEmpty();
    }

    @Test
    void aConfigMapWithoutAKubeconfigIsLeftAlone() {
        assertThat(BootstrapSignerSync.signedData(Map.of("other", "x"),
                List.of(token("abcdef", "0123456789abcdef", Map.of())), NOW)).isEmpty();
    }

    /** A bootstrap token Secret for signing, with {@code overrides} of its data (an empty value drops the key). */
    private static Secret token(String id, String secret, Map<String, String> overrides) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("token-id", id);
        data.put("token-secret", secret);
        data.put("usage-bootstrap-signing", "true");
        data.putAll(overrides);
        Map<String, String> encoded = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            if (!value.isEmpty()) {
                encoded.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            }
        });
        return new SecretBuilder().withNewMetadata().withName("bootstrap-token-" + id).withNamespace("kube-system")
                .endMetadata().withType("bootstrap.kubernetes.io/token").withData(encoded).build();
    }
}
