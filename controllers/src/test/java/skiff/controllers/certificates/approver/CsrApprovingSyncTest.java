package skiff.controllers.certificates.approver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import java.util.List;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import skiff.controllers.certificates.TestRequests;

class CsrApprovingSyncTest {
    private static final String KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";
    private static final List<String> USAGES = List.of("digital signature", "key encipherment", "client auth");
    private static final CsrApprovingSync.Recognizer SELF = CsrApprovingSync.RECOGNIZERS.get(0);
    private static final CsrApprovingSync.Recognizer NODE = CsrApprovingSync.RECOGNIZERS.get(1);

    @Test
    void aBootstrapTokensNodeRequestIsANodeClientRequestButNotTheNodesOwn() {
        CertificateSigningRequest csr = csr("O=system:nodes,CN=system:node:n1", null, KUBELET,
                "system:bootstrap:abcdef", USAGES);

        assertThat(recognizes(NODE, csr)).isTrue();
        assertThat(recognizes(SELF, csr)).isFalse();
    }

    @Test
    void aNodeRenewingItsOwnCertificateIsASelfNodeClientRequest() {
        CertificateSigningRequest csr = csr("O=system:nodes,CN=system:node:n1", null, KUBELET, "system:node:n1",
                List.of("digital signature", "client auth"));

        assertThat(recognizes(SELF, csr)).isTrue();
        assertThat(recognizes(NODE, csr)).isTrue();
    }

    @Test
    void otherSubjectsSignersUsagesOrNamesAreNotRecognised() {
        List<CertificateSigningRequest> others = List.of(
                csr("O=system:masters,CN=system:node:n1", null, KUBELET, "u", USAGES),
                csr("O=system:nodes,O=extra,CN=system:node:n1", null, KUBELET, "u", USAGES),
                csr("O=system:nodes,CN=jane", null, KUBELET, "u", USAGES),
                csr("O=system:nodes,CN=system:node:n1", "n1.example.com", KUBELET, "u", USAGES),
                csr("O=system:nodes,CN=system:node:n1", null, "kubernetes.io/kube-apiserver-client", "u", USAGES),
                csr("O=system:nodes,CN=system:node:n1", null, KUBELET, "u",
                        List.of("digital signature", "key encipherment", "client auth", "server auth")));

        for (CertificateSigningRequest csr : others) {
            assertThat(recognizes(NODE, csr)).as(csr.getSpec().toString()).isFalse();
            assertThat(recognizes(SELF, csr)).isFalse();
        }
    }

    private static boolean recognizes(CsrApprovingSync.Recognizer r, CertificateSigningRequest csr) {
        PKCS10CertificationRequest request = skiff.controllers.certificates.CertificateRequests.parse(csr)
                .orElseThrow();
        return CsrApprovingSync.recognizes(r, csr, request);
    }

    private static CertificateSigningRequest csr(String subject, String dnsName, String signer, String user,
            List<String> usages) {
        return TestRequests.csr(TestRequests.request(subject, dnsName), signer, user, usages);
    }
}
