package skiff.apiserver.registry.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.api.validation.FieldError;
import skiff.apiserver.auth.UserInfo;
import tools.jackson.databind.node.ObjectNode;

class CsrStrategyTest {
    private static final FakeClock CLOCK = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void aCreateRecordsWhoAskedAndDropsAnyStatus() throws Exception {
        ObjectNode csr = csr();
        csr.putObject("status").put("certificate", "Zm9v");
        ((ObjectNode) csr.get("spec")).put("username", "forged");

        CsrStrategy.INSTANCE.prepareForCreate(csr, new UserInfo("system:bootstrap:abcdef", "",
                List.of("system:bootstrappers", "system:authenticated"), Map.of()));

        assertThat(csr.has("status")).isFalse();
        assertThat(csr.path("spec").path("username").asString()).isEqualTo("system:bootstrap:abcdef");
        assertThat(csr.path("spec").path("groups").toString())
                .isEqualTo("[\"system:bootstrappers\",\"system:authenticated\"]");
        assertThat(CsrStrategy.INSTANCE.validate(csr)).isEmpty();
    }

    @Test
    void aRequestMustBeASignedPemRequestWithUsagesAndAQualifiedSigner() throws Exception {
        ObjectNode csr = csr();
        ObjectNode spec = (ObjectNode) csr.get("spec");
        spec.put("request", Base64.getEncoder().encodeToString("junk".getBytes(StandardCharsets.US_ASCII)));
        spec.putArray("usages");
        spec.put("signerName", "example.com");
        spec.put("expirationSeconds", 599);

        assertThat(CsrStrategy.INSTANCE.validate(csr)).extracting(FieldError::fullMessage).containsExactly(
                "spec.request: Invalid value: \"anVuaw==\": PEM block type must be CERTIFICATE REQUEST",
                "spec.usages: Required value: usages must be provided",
                "spec.signerName: Invalid value: \"example.com\": must be a fully qualified domain and path of the "
                        + "form 'example.com/signer-name'",
                "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 "
                        + "minutes)");
    }

    @Test
    void onlyTheApprovalSubresourceApprovesAndOnlyStatusSetsTheCertificate() throws Exception {
        ObjectNode old = csr();
        ObjectNode approved = old.deepCopy();
        approved.putObject("status").putArray("conditions").addObject().put("type", "Approved").put("status", "True")
                .put("reason", "KubectlApprove");

        ObjectNode throughStatus = approved.deepCopy();
        CsrSubresourceStrategy.status(CLOCK).prepareForUpdate(throughStatus, old);
        assertThat(throughStatus.path("status").has("conditions")).isFalse();

        ObjectNode throughMain = approved.deepCopy();
        CsrStrategy.INSTANCE.prepareForUpdate(throughMain, old);
        assertThat(throughMain.has("status")).isFalse();

        ObjectNode throughApproval = approved.deepCopy();
        ((ObjectNode) throughApproval.get("status")).put("certificate", "Zm9v");
        CsrSubresourceStrategy approval = CsrSubresourceStrategy.approval(CLOCK);
        approval.prepareForUpdate(throughApproval, old);
        assertThat(approval.validateUpdate(throughApproval, old)).isEmpty();
        assertThat(throughApproval.path("status").has("certificate")).isFalse();
        assertThat(throughApproval.path("status").path("conditions").path(0).path("lastUpdateTime").asString())
                .isEqualTo("2026-03-01T12:00:00Z");

        assertThat(CsrValidation.validateUpdate(approved, old, CsrValidation.UpdatePath.STATUS))
                .extracting(FieldError::fullMessage)
                .containsExactly("status.conditions: Forbidden: updates may not add a condition of type \"Approved\"");
    }

    private static ObjectNode csr() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("O=system:nodes,CN=system:node:n1"),
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                .getEncoded();
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        ObjectNode csr = Json.object();
        csr.put("apiVersion", "certificates.k8s.io/v1");
        csr.put("kind", "CertificateSigningRequest");
        csr.putObject("metadata").put("name", "node-csr-1");
        ObjectNode spec = csr.putObject("spec");
        spec.put("request", Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)));
        spec.put("signerName", "kubernetes.io/kube-apiserver-client-kubelet");
        spec.putArray("usages").add("digital signature").add("key encipherment").add("client auth");
        return csr;
    }
}
