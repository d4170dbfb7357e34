package skiff.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.security.CertificateAuthority;

class ClientCertificateAuthenticatorTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CertificateAuthority ca = CertificateAuthority.generate(clock);
    private final ClientCertificateAuthenticator authenticator =
            new ClientCertificateAuthenticator(ca.certificate(), clock);

    @Test
    void commonNameIsTheUserAndOrganizationsAreGroups() {
        var cert = ca.issueClientCertificate("jane", Set.of("dev", "ops"));

        UserInfo user = authenticator.authenticate(new Credentials("", List.of(cert.certificate()))).orElseThrow();

        assertThat(user.name()).isEqualTo("jane");
        assertThat(user.groups()).containsExactlyInAnyOrder("dev", "ops");
    }

    @Test
    void noCertificateIsNoCredential() {
        assertThat(authenticator.authenticate(Credentials.none())).isEmpty();
    }

    @Test
    void certificateOfAnotherCaIsRefused() {
        var other = CertificateAuthority.generate(clock).issueClientCertificate("mallory", Set.of("system:masters"));

        assertThatThrownBy(() -> authenticator.authenticate(new Credentials("", List.of(other.certificate()))))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("verifying certificate");
    }

    @Test
    void expiredCertificateIsRefused() {
        var cert = ca.issueClientCertificate("jane", Set.of());
        clock.advance(Duration.ofDays(366));

        assertThatThrownBy(() -> authenticator.authenticate(new Credentials("", List.of(cert.certificate()))))
                .isInstanceOf(AuthenticationException.class);
    }

    @Test
    void serverCertificateIsNotForClientAuthentication() {
        var serving = ca.issueServingCertificate(Set.of("localhost"), Set.of());

        assertThatThrownBy(() -> authenticator.authenticate(new Credentials("", List.of(serving.certificate()))))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("incompatible key usage");
    }
}
