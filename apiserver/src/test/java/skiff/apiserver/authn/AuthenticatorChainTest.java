package skiff.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.security.CertificateAuthority;
import tools.jackson.databind.node.ObjectNode;

class AuthenticatorChainTest {
    private static final String ADMIN_TOKEN = "0123456789abcdef";
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CertificateAuthority ca = CertificateAuthority.generate(clock);
    private final Authentication authentication = new Authentication(ADMIN_TOKEN, Optional.of(ca.certificate()),
            ServiceAccountSigningKey.generate(), new NoObjects(), clock);

    @Test
    void adminTokenIsAMasterAndAuthenticated() {
        UserInfo user = authentication.authenticate(new Credentials("Bearer " + ADMIN_TOKEN, List.of()));

        assertThat(user.name()).isEqualTo(Authentication.ADMIN_USER);
        assertThat(user.groups()).containsExactly(UserInfo.MASTERS, UserInfo.ALL_AUTHENTICATED);
    }

    @Test
    void noCredentialsIsAnonymous() {
        UserInfo user = authentication.authenticate(Credentials.none());

        assertThat(user.name()).isEqualTo(UserInfo.ANONYMOUS);
        assertThat(user.groups()).containsExactly(UserInfo.ALL_UNAUTHENTICATED);
    }

    @Test
    void anotherSchemeIsAnonymous() {
        assertThat(authentication.authenticate(new Credentials("Basic YWRtaW46YWRtaW4=", List.of())))
                .isEqualTo(AuthenticatorChain.ANONYMOUS);
    }

    @Test
    void unknownOrMalformedTokenIsRefusedNotAnonymous() {
        for (String token : List.of("wrong", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "Bearer")) {
            assertThatThrownBy(() -> authentication.authenticate(new Credentials("Bearer " + token, List.of())))
                    .as(token).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("invalid bearer token");
        }
    }

    @Test
    void certificateUserGetsAuthenticatedGroup() {
        var cert = ca.issueClientCertificate("jane", Set.of("dev"));

        UserInfo user = authentication.authenticate(new Credentials("", List.of(cert.certificate())));

        assertThat(user.name()).isEqualTo("jane");
        assertThat(user.groups()).containsExactly("dev", UserInfo.ALL_AUTHENTICATED);
    }

    @Test
    void validTokenWinsOverABadCertificate() {
        var foreign = CertificateAuthority.generate(clock).issueClientCertificate("mallory", Set.of());

        UserInfo user = authentication.authenticate(
                new Credentials("Bearer " + ADMIN_TOKEN, List.of(foreign.certificate())));

        assertThat(user.name()).isEqualTo(Authentication.ADMIN_USER);
        assertThatThrownBy(() -> authentication.authenticate(new Credentials("", List.of(foreign.certificate()))))
                .isInstanceOf(AuthenticationException.class);
    }

    private static final class NoObjects implements ObjectLookup {
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
            return Optional.empty();
        }
    }
}
