package skiff.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

class CertificateAuthorityTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int KEY_CERT_SIGN = 5;
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final FakeClock clock = new FakeClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final CertificateAuthority ca = CertificateAuthority.generate(clock);

    @Test
    void generatedCaIsASelfSignedCaNamedSkiffCaValidForTenYears() throws Exception {
        X509Certificate certificate = ca.certificate();

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=skiff-ca");
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).as("CA:true").isGreaterThanOrEqualTo(0);
        assertThat(certificate.getKeyUsage()[KEY_CERT_SIGN]).as("keyCertSign").isTrue();
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(lifetimeFromNow(certificate)).isEqualTo(Duration.ofDays(3650));
        assertThat(certificate.getNotBefore().toInstant()).isBefore(clock.now());
    }

    @Test
    void servingCertificateChainsToTheCaAndListsTheRequestedNamesForServerAuth() throws Exception {
        IssuedCertificate serving =
                ca.issueServingCertificate(Set.of("localhost", "skiff.example"), Set.of("127.0.0.1", "::1"));
        X509Certificate certificate = serving.certificate();

        assertChainsTo(certificate, ca.certificate());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(certificate.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(DNS_NAME, "localhost"),
                List.of(DNS_NAME, "skiff.example"),
                List.of(IP_ADDRESS, "127.0.0.1"),
                List.of(IP_ADDRESS, "0:0:0:0:0:0:0:1"));
        assertThat(lifetimeFromNow(certificate)).isEqualTo(Duration.ofDays(365));
        assertThat(serving.privateKey().getFormat()).isEqualTo("PKCS#8");
        assertThat(ca.issued(certificate)).isTrue();
    }

    @Test
    void clientCertificateNamesTheUserInCnAndEachGroupInO() throws Exception {
        IssuedCertificate client = ca.issueClientCertificate("system:node:worker-1", Set.of("system:nodes", "ops"));
        X509Certificate certificate = client.certificate();

        assertChainsTo(certificate, ca.certificate());
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(certificate.getSubjectAlternativeNames()).isNull();
        LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName());
        assertThat(subject.getRdns().stream().filter(rdn -> rdn.getType().equals("CN")).map(Rdn::getValue))
                .containsExactly("system:node:worker-1");
        assertThat(subject.getRdns().stream().filter(rdn -> rdn.getType().equals("O")).map(Rdn::getValue))
                .containsExactlyInAnyOrder("system:nodes", "ops");
    }

    @Test
    void caLoadedFromItsPemIsTheSameCaAndIssuesCertificatesThatChainToIt() throws Exception {
        CertificateAuthority loaded = CertificateAuthority.fromPem(ca.certificatePem(), ca.privateKeyPem(), clock);

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertChainsTo(loaded.issueServingCertificate(Set.of("localhost"), Set.of()).certificate(), ca.certificate());
    }

    @Test
    void loadingRejectsAKeyThatDoesNotBelongToTheCertificate() {
        CertificateAuthority other = CertificateAuthority.generate(clock);

        assertThatThrownBy(() -> CertificateAuthority.fromPem(ca.certificatePem(), other.privateKeyPem(), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void loadingRejectsACertificateThatIsNotACa() {
        IssuedCertificate serving = ca.issueServingCertificate(Set.of("localhost"), Set.of());

        assertThatThrownBy(() -> CertificateAuthority.fromPem(serving.certificatePem(), serving.privateKeyPem(), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a CA");
    }

    @Test
    void servingCertificateNeverOutlivesTheCa() {
        clock.advance(Duration.ofDays(3650 - 100));

        X509Certificate certificate = ca.issueServingCertificate(Set.of("localhost"), Set.of()).certificate();

        assertThat(certificate.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void certificateFromAnotherCaIsNotIssuedByThisOne() {
        CertificateAuthority other = CertificateAuthority.generate(clock);

        assertThat(ca.issued(other.issueServingCertificate(Set.of("localhost"), Set.of()).certificate())).isFalse();
    }

    @Test
    void servingCertificateWithoutAnyNameIsRefused() {
        assertThatThrownBy(() -> ca.issueServingCertificate(Set.of(), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Duration lifetimeFromNow(X509Certificate certificate) {
        return Duration.between(clock.now(), certificate.getNotAfter().toInstant());
    }

    private void assertChainsTo(X509Certificate leaf, X509Certificate root) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(clock.now()));
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), parameters);
    }
}
