package skiff.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.node.ObjectNode;

class BootstrapTokenAuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final FakeClock clock = new FakeClock(NOW);
    private final Secrets secrets = new Secrets();
    private final BootstrapTokenAuthenticator authenticator = new BootstrapTokenAuthenticator(secrets, clock);

    @Test
    void aMatchingTokenIsItsBootstrapUserInTheBootstrappersAndExtraGroupsSorted() {
        secrets.put(token("abcdef", "0123456789abcdef", Map.of("expiration", "2026-03-02T12:00:00Z",
                "auth-extra-groups", "system:bootstrappers:z,system:bootstrappers:kubeadm:default-node-token")));

        Optional<UserInfo> user = authenticator.authenticate("abcdef.0123456789abcdef");

        assertThat(user).get().satisfies(u -> {
            assertThat(u.name()).isEqualTo("system:bootstrap:abcdef");
            assertThat(u.groups()).containsExactly("system:bootstrappers",
                    "system:bootstrappers:kubeadm:default-node-token", "system:bootstrappers:z");
        });
    }

    @Test
    void tokensOfAnotherFormAreNotBootstrapTokens() {
        assertThat(authenticator.authenticate("not-a-token")).isEmpty();
        assertThat(authenticator.authenticate("ABCDEF.0123456789abcdef")).isEmpty();
    }

    @Test
    void aWrongSecretAnUnknownIdAndAnExpiredTokenProveNoOne() {
        secrets.put(token("abcdef", "0123456789abcdef", Map.of("expiration", "2026-03-01T12:30:00Z")));

        assertThat(authenticator.authenticate("abcdef.fedcba9876543210")).isEmpty();
        assertThat(authenticator.authenticate("zzzzzz.0123456789abcdef")).isEmpty();
        assertThat(authenticator.authenticate("abcdef.0123456789abcdef")).isPresent();
        clock.advance(Duration.ofMinutes(31));
        assertThat(authenticator.authenticate("abcdef.0123456789abcdef")).isEmpty();
    }

    @Test
    void theSecretMustBeOfTheBootstrapTypeMarkedForAuthenticationWithValidGroups() {
        ObjectNode wrongType = token("aaaaaa", "0123456789abcdef", Map.of());
        wrongType.put("type", "Opaque");
        secrets.put(wrongType);
        ObjectNode notForAuthentication = token("bbbbbb", "0123456789abcdef", Map.of());
        ((ObjectNode) notForAuthentication.get("data")).remove("usage-bootstrap-authentication");
        secrets.put(notForAuthentication);
        secrets.put(token("cccccc", "0123456789abcdef", Map.of("auth-extra-groups", "system:masters")));
        secrets.put(token("dddddd", "0123456789abcdef", Map.of("expiration", "tomorrow")));

        for (String id : List.of("aaaaaa", "bbbbbb", "cccccc", "dddddd")) {
            assertThat(authenticator.authenticate(id + ".0123456789abcdef")).as(id).isEmpty();
        }
    }

    private static ObjectNode token(String id, String secret, Map<String, String> extra) {
        ObjectNode object = Json.object();
        object.put("apiVersion", "v1");
        object.put("kind", "Secret");
        object.putObject("metadata").put("name", "bootstrap-token-" + id).put("namespace", "kube-system");
        object.put("type", "bootstrap.kubernetes.io/token");
        ObjectNode data = object.putObject("data");
        Map<String, String> all = new HashMap<>(extra);
        all.put("token-id", id);
        all.put("token-secret", secret);
        all.put("usage-bootstrap-authentication", "true");
        all.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return object;
    }

    private static final class Secrets implements ObjectLookup {
        private final Map<String, ObjectNode> secrets = new HashMap<>();

        void put(ObjectNode secret) {
            secrets.put(secret.path("metadata").path("namespace").asString() + "/"
                    + secret.path("metadata").path("name").asString(), secret);
        }

        @Override
        public Optional<ObjectNode> serviceAccount(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> pod(String namespace, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> node(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> secret(String namespace, String name) {
            return Optional.ofNullable(secrets.get(namespace + "/" + name));
        }
    }
}
