package skiff.apiserver.registry.certificates;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import tools.jackson.databind.JsonNode;

/** The subject a CertificateSigningRequest's spec.request asks for. */
public final class CertificateRequestSubjects {
    private CertificateRequestSubjects() {}

    /** The subject's organizations (O), none when the request does not parse. */
    public static List<String> organizations(JsonNode csr) {
        List<String> orgs = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(new String(Base64.getDecoder().decode(
                csr.path("spec").path("request").asString("")), StandardCharsets.US_ASCII)))) {
            PemObject block = reader.readPemObject();
            if (block == null || !block.getType().equals("CERTIFICATE REQUEST")) {
                return orgs;
            }
            for (RDN rdn : new PKCS10CertificationRequest(block.getContent()).getSubject().getRDNs(BCStyle.O)) {
                orgs.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
            }
        } catch (IOException | IllegalArgumentException e) {
            return orgs;
        }
        return orgs;
    }
}
