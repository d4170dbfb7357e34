package skiff.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.security.CertificateAuthority;
import skiff.apiserver.security.IssuedCertificate;

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

    @Test
    void certificateWithoutCommonNameNamesNoUser() throws Exception {
        X509Certificate groupsOnly = signedByCa("O=devs");

        assertThat(authenticator.authenticate(new Credentials("", List.of(groupsOnly)))).isEmpty();
    }

    /** A certificate of the CA for {@code subject}, with no extensions, as {@code openssl x509 -req} makes one. */
    private X509Certificate signedByCa(String subject) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        var key = IssuedCertificate.fromPem(ca.certificatePem(), ca.privateKeyPem()).privateKey();
        var builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.certificate()
                .getSubjectX500Principal().getEncoded()), BigInteger.TWO, Date.from(clock.now()),
                Date.from(clock.now().plus(Duration.ofDays(1))), new X500Name(subject),
                generator.generateKeyPair().getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}
