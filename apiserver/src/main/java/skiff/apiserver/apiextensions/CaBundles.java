package skiff.apiserver.apiextensions;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Whether a conversion webhook's caBundle can be trusted from: empty, or PEM holding at least one certificate (k/k
 * 1.32 apiserver pkg/util/webhook/validation.go ValidateCABundle, through client-go transport TLSConfigFor and
 * rootCertPool, whose errors these are).
 */
final class CaBundles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([^-\\n]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    private CaBundles() {}

    /** The caBundle of a CRD's {@code spec.conversion.webhook}, base64 as the API carries it; empty when unset. */
    static String of(JsonNode webhook) {
        return webhook.path("clientConfig").path("caBundle").asString("");
    }

    /** Why {@code base64} (a caBundle as the API carries it) cannot be used; empty when it can. */
    static Optional<String> problem(String base64) {
        if (base64.isEmpty()) {
            return Optional.empty();
        }
        String pem;
        try {
            pem = new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return Optional.of("unable to load root certificates: unable to parse bytes as PEM block");
        }
        boolean found = false;
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (!m.group(1).equals("CERTIFICATE")) {
                continue;
            }
            try {
                CertificateFactory.getInstance("X.509").generateCertificate(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII)));
                found = true;
            } catch (CertificateException e) {
                return Optional.of("unable to load root certificates: failed to parse certificate: x509: malformed "
                        + "certificate");
            }
        }
        if (found) {
            return Optional.empty();
        }
        return Optional.of(pem.contains("-----BEGIN ")
                ? "unable to load root certificates: no valid certificate authority data seen"
                : "unable to load root certificates: unable to parse bytes as PEM block");
    }
}
