package skiff.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.node.ObjectNode;

class ServiceAccountTokenAuthenticatorTest {
    private static final String ISSUER = ServiceAccountTokenCodec.DEFAULT_ISSUER;
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ServiceAccountTokenCodec codec =
            new ServiceAccountTokenCodec(ServiceAccountSigningKey.generate(), ISSUER);
    private final Objects objects = new Objects();
    private final ServiceAccountTokenAuthenticator authenticator =
            new ServiceAccountTokenAuthenticator(codec, List.of(ISSUER), objects, clock);
    private final ServiceAccountTokenIssuer issuer = new ServiceAccountTokenIssuer(codec, clock);
    private final ObjectNode account = object("ns1", "builder", "sa-uid");
    private final ObjectNode pod = object("ns1", "web", "pod-uid");

    ServiceAccountTokenAuthenticatorTest() {
        objects.accounts.put("ns1/builder", account);
        objects.pods.put("ns1/web", pod);
    }

    @Test
    void podBoundTokenIsTheServiceAccount() {
        String token = issue(Optional.of(pod), Duration.ofMinutes(10));

        UserInfo user = authenticator.authenticate(token).orElseThrow();

        assertThat(user.name()).isEqualTo("system:serviceaccount:ns1:builder");
        assertThat(user.uid()).isEqualTo("sa-uid");
        assertThat(user.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:ns1");
        assertThat(user.extra()).containsEntry("authentication.kubernetes.io/pod-name", List.of("web"))
                .containsEntry("authentication.kubernetes.io/pod-uid", List.of("pod-uid"));
    }

    @Test
    void claimsAreKubernetesPrivateClaims() throws Exception {
        String token = issue(Optional.of(pod), Duration.ofMinutes(10));
        var claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();

        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("system:serviceaccount:ns1:builder");
        assertThat(claims.getAudience()).containsExactly(ISSUER);
        Map<String, Object> k8s = claims.getJSONObjectClaim("kubernetes.io");
        assertThat(k8s).containsEntry("namespace", "ns1")
                .containsEntry("serviceaccount", Map.of("name", "builder", "uid", "sa-uid"))
                .containsEntry("pod", Map.of("name", "web", "uid", "pod-uid"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.now().plus(Duration.ofMinutes(10)));
    }

    @Test
    void expiredTokenIsRefused() {
        String token = issue(Optional.empty(), Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(12));

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(AuthenticationException.class)
                .hasMessage("service account token has expired");
    }

    @Test
    void tokenOfDeletedPodIsRefused() {
        String token = issue(Optional.of(pod), Duration.ofMinutes(10));
        objects.pods.remove("ns1/web");

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(AuthenticationException.class)
                .hasMessage("pods \"web\" not found");
    }

    @Test
    void tokenOfRecreatedPodIsRefused() {
        String token = issue(Optional.of(pod), Duration.ofMinutes(10));
        objects.pods.put("ns1/web", object("ns1", "web", "other-uid"));

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("does not match claim");
    }

    @Test
    void tokenOfDeletedServiceAccountIsRefused() {
        String token = issue(Optional.empty(), Duration.ofMinutes(10));
        objects.accounts.remove("ns1/builder");

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(AuthenticationException.class)
                .hasMessage("serviceaccounts \"builder\" not found");
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        ServiceAccountTokenCodec forger = new ServiceAccountTokenCodec(ServiceAccountSigningKey.generate(), ISSUER);
        String token = new ServiceAccountTokenIssuer(forger, clock).issue(account, Optional.empty(), Optional.empty(),
                List.of(ISSUER), Duration.ofMinutes(10)).token();

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(AuthenticationException.class)
                .hasMessage("invalid signature");
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        String token = issuer.issue(account, Optional.empty(), Optional.empty(), List.of("vault"),
                Duration.ofMinutes(10)).token();

        assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("is invalid for the target audiences");
        assertThat(authenticator.authenticate(token, List.of("vault"))).isPresent();
    }

    @Test
    void malformedTokensAndOtherIssuersAreNotServiceAccountTokens() {
        String tampered = issue(Optional.empty(), Duration.ofMinutes(10)) + "x";

        assertThat(authenticator.authenticate("not-a-jwt")).isEmpty();
        assertThat(authenticator.authenticate("a.b.c")).isEmpty();
        assertThatThrownBy(() -> authenticator.authenticate(tampered)).isInstanceOf(AuthenticationException.class);
        String foreign = new ServiceAccountTokenIssuer(new ServiceAccountTokenCodec(ServiceAccountSigningKey.generate(),
                "https://elsewhere"), clock).issue(account, Optional.empty(), Optional.empty(), List.of(ISSUER),
                Duration.ofMinutes(10)).token();
        assertThat(authenticator.authenticate(foreign)).isEmpty();
    }

    private String issue(Optional<ObjectNode> boundPod, Duration lifetime) {
        return issuer.issue(account, boundPod, Optional.empty(), List.of(ISSUER), lifetime).token();
    }

    private static ObjectNode object(String namespace, String name, String uid) {
        ObjectNode o = Json.object();
        o.putObject("metadata").put("namespace", namespace).put("name", name).put("uid", uid);
        return o;
    }

    private static final class Objects implements ObjectLookup {
        final Map<String, ObjectNode> accounts = new HashMap<>();
        final Map<String, ObjectNode> pods = new HashMap<>();

        @Override
        public Optional<ObjectNode> serviceAccount(String namespace, String name) {
            return Optional.ofNullable(accounts.get(namespace + "/" + name));
        }

        @Override
        public Optional<ObjectNode> pod(String namespace, String name) {
            return Optional.ofNullable(pods.get(namespace + "/" + name));
        }

        @Override
        public Optional<ObjectNode> node(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<ObjectNode> secret(String namespace, String name) {
            return Optional.empty();
        }
    }
}
