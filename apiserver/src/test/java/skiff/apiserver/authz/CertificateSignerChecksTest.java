package skiff.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.apiserver.admission.AdmissionRequest;
import skiff.apiserver.admission.Operation;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.resource.ResourceDefinition;
import tools.jackson.databind.node.ObjectNode;

class CertificateSignerChecksTest {
    private static final ResourceDefinition CSRS = BuiltinResources.catalog()
            .find("certificates.k8s.io", "v1", "certificatesigningrequests").orElseThrow();
    private static final UserInfo APPROVER = UserInfo.of("approver", List.of("system:authenticated"));
    // Only the approver may approve, and only for the example.com signers.
    private final CertificateSignerChecks checks = new CertificateSignerChecks(a ->
            a.user().name().equals("approver") && a.verb().equals("approve") && a.name().equals("example.com/*")
                    ? Decision.allow("test") : Decision.noOpinion("test"));

    @Test
    void approvingNeedsApproveOnTheSignerOrItsDomain() throws Exception {
        ObjectNode csr = csr("CN=jane", "example.com/issuer");
        ObjectNode other = csr("CN=jane", "kubernetes.io/kube-apiserver-client");

        assertThatCode(() -> checks.validate(update("approval", csr, APPROVER))).doesNotThrowAnyException();
        assertThatThrownBy(() -> checks.validate(update("approval", other, APPROVER)))
                .hasMessage("certificatesigningrequests.certificates.k8s.io \"c\" is forbidden: user not permitted "
                        + "to approve requests with signerName \"kubernetes.io/kube-apiserver-client\"");
    }

    @Test
    void settingTheCertificateNeedsSign() throws Exception {
        ObjectNode csr = csr("CN=jane", "example.com/issuer");
        ObjectNode signed = csr.deepCopy();
        signed.putObject("status").put("certificate", "Zm9v");

        assertThatThrownBy(() -> checks.validate(new AdmissionRequest(Operation.UPDATE, CSRS, "status", null, "c",
                signed, csr, false, APPROVER)))
                .hasMessageContaining("user not permitted to sign requests with signerName \"example.com/issuer\"");
    }

    @Test
    void theClientSignerIssuesNoSystemMasters() throws Exception {
        ObjectNode masters = csr("O=system:masters,CN=root", "kubernetes.io/kube-apiserver-client");

        assertThatThrownBy(() -> checks.validate(new AdmissionRequest(Operation.CREATE, CSRS, "", null, "c", masters,
                null, false, APPROVER))).hasMessageContaining(
                        "use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed");
    }

    private static AdmissionRequest update(String subresource, ObjectNode csr, UserInfo user) {
        return new AdmissionRequest(Operation.UPDATE, CSRS, subresource, null, "c", csr, csr.deepCopy(), false, user);
    }

    private static ObjectNode csr(String subject, String signer) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        ObjectNode csr = Json.object();
        csr.putObject("metadata").put("name", "c");
        csr.putObject("spec").put("signerName", signer)
                .put("request", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
        return csr;
    }
}
