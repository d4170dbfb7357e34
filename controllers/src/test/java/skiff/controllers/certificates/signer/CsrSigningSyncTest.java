package skiff.controllers.certificates.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.controllers.certificates.TestRequests;

class CsrSigningSyncTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final List<String> USAGES = List.of("digital signature", "key encipherment", "client auth");

    @Test
    void theKubeletSignerTakesOnlyKubeletClientRequests() {
        PKCS10CertificationRequest node = TestRequests.request("O=system:nodes,CN=system:node:n1", null);
        PKCS10CertificationRequest user = TestRequests.request("O=devs,CN=jane", null);
        String kubelet = "kubernetes.io/kube-apiserver-client-kubelet";

        assertThat(CsrSigningSync.problem(kubelet, node, USAGES)).isEmpty();
        assertThat(CsrSigningSync.problem(kubelet, user, USAGES)).contains("subject organization is not system:nodes");
        assertThat(CsrSigningSync.problem(kubelet, node, List.of("client auth"))).contains(
                "usages did not match [client auth digital signature key encipherment]");
    }

    @Test
    void theClientSignerWantsClientAuthAndNothingBeyondSignatureAndEncipherment() {
        PKCS10CertificationRequest user = TestRequests.request("O=devs,CN=jane", null);
        String client = "kubernetes.io/kube-apiserver-client";

        assertThat(CsrSigningSync.problem(client, user, List.of("client auth"))).isEmpty();
        assertThat(CsrSigningSync.problem(client, user, List.of("client auth", "server auth")))
                .contains("invalid usage for client certificate: server auth");
        assertThat(CsrSigningSync.problem(client, user, List.of("digital signature")))
                .contains("missing required usage for client certificate: client auth");
    }

    @Test
    void aCertificateLastsWhatWasAskedAtMostTheSignersDuration() {
        CsrSigningSync sync = new CsrSigningSync(null, null, null, Duration.ofDays(365), new FakeClock(NOW));
        CertificateSigningRequest csr = TestRequests.csr(TestRequests.request("CN=jane", null),
                "kubernetes.io/kube-apiserver-client", "admin", List.of("client auth"));

        assertThat(sync.duration(csr)).isEqualTo(Duration.ofDays(365));
        csr.getSpec().setExpirationSeconds(3600);
        assertThat(sync.duration(csr)).isEqualTo(Duration.ofHours(1));
        csr.getSpec().setExpirationSeconds(Integer.MAX_VALUE);
        assertThat(sync.duration(csr)).isEqualTo(Duration.ofDays(365));
        csr.getSpec().setExpirationSeconds(300);
        assertThat(sync.duration(csr)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theSignersDurationCapsEvenTheShortestRequest() {
        CsrSigningSync sync = new CsrSigningSync(null, null, null, Duration.ofMinutes(1), new FakeClock(NOW));
        CertificateSigningRequest csr = TestRequests.csr(TestRequests.request("CN=jane", null),
                "kubernetes.io/kube-apiserver-client", "admin", List.of("client auth"));

        assertThat(sync.duration(csr)).isEqualTo(Duration.ofMinutes(1));
        csr.getSpec().setExpirationSeconds(600);
        assertThat(sync.duration(csr)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theCaSignsTheSubjectAndUsagesBackdatedAndNeverPastItsOwnExpiry() throws Exception {
        String[] ca = TestRequests.ca(NOW, 30);
        ClusterSigningCa signer = ClusterSigningCa.fromPem(ca[0], ca[1]);
        PKCS10CertificationRequest node = TestRequests.request("O=system:nodes,CN=system:node:n1", null);

        X509Certificate shortLived = parse(signer.sign(node, USAGES, Duration.ofHours(2), NOW));
        X509Certificate capped = parse(signer.sign(node, USAGES, Duration.ofDays(365), NOW));
        X509Certificate longLived = parse(signer.sign(node, USAGES, Duration.ofDays(10), NOW));

        X509Certificate caCertificate = parse(ca[0]);
        shortLived.verify(caCertificate.getPublicKey());
        assertThat(shortLived.getSubjectX500Principal().getName()).isEqualTo("CN=system:node:n1,O=system:nodes");
        assertThat(shortLived.getNotBefore().toInstant()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
        assertThat(shortLived.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(shortLived.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(shortLived.getKeyUsage()[0]).isTrue();
        assertThat(shortLived.getKeyUsage()[2]).isTrue();
        assertThat(shortLived.getBasicConstraints()).isEqualTo(-1);
        assertThat(longLived.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(10))
                .minus(Duration.ofMinutes(5)));
        assertThat(capped.getNotAfter()).isEqualTo(caCertificate.getNotAfter());
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
