package skiff.apiserver.registry.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.io.ByteArrayInputStream;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** The PEM checks CertificateSigningRequest validation makes on spec.request and status.certificate. */
final class CsrPem {
    private CsrPem() {}

    // k/k pkg/apis/certificates/helpers.go ParseCSR and validation.go validateCSR (1.32): the first PEM block must
    // be a CERTIFICATE REQUEST whose signature verifies with its own key. Answers the error, or null.
    static String requestError(byte[] pem) {
        PemObject block = firstBlock(pem);
        if (block == null || !block.getType().equals("CERTIFICATE REQUEST")) {
            return "PEM block type must be CERTIFICATE REQUEST";
        }
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(block.getContent());
            boolean valid = request.isSignatureValid(
                    new JcaContentVerifierProviderBuilder().build(request.getPublicKey()));
            return valid ? null : "x509: signature verification failure";
        } catch (IOException | RuntimeException e) {
            return "asn1: structure error: " + e.getMessage();
        } catch (OperatorCreationException | PKCSException | java.security.GeneralSecurityException e) {
            return "x509: " + e.getMessage();
        }
    }

    // k/k validation.go validateCertificate (1.32): empty, or only CERTIFICATE blocks, each holding a certificate.
    static String certificateError(byte[] pem) {
        if (pem.length == 0) {
            return null;
        }
        int blocks = 0;
        try (PemReader reader = new PemReader(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if (!block.getType().equals("CERTIFICATE")) {
                    return "only CERTIFICATE PEM blocks are allowed, found \"" + block.getType() + "\"";
                }
                if (!block.getHeaders().isEmpty()) {
                    return "no PEM block headers are permitted";
                }
                CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(block.getContent()));
                blocks++;
            }
        } catch (IOException | CertificateException e) {
            return "x509: malformed certificate";
        }
        return blocks == 0 ? "must contain at least one CERTIFICATE PEM block" : null;
    }

    private static PemObject firstBlock(byte[] pem) {
        try (PemReader reader = new PemReader(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            return reader.readPemObject();
        } catch (IOException e) {
            return null;
        }
    }
}
