package skiff.server;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * kubeadm's {@code --discovery-token-ca-cert-hash}: {@code sha256:} and the hex SHA-256 of the CA certificate's
 * Subject Public Key Info (k/k cmd/kubeadm/app/util/pubkeypin/pubkeypin.go, 1.32).
 */
public final class CaCertHash {
    private static final Pattern FORMAT = Pattern.compile("sha256:[0-9a-f]{64}");

    private CaCertHash() {}

    /** The hash of the first certificate in {@code caPem}. */
    public static String of(String caPem) {
        try {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            byte[] spki = ca.getPublicKey().getEncoded();
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (CertificateException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /**
     * {@code hash} lower-cased, once checked.
     *
     * @throws IllegalArgumentException when it is not {@code sha256:} and 64 hex digits (pubkeypin.go Allow)
     */
    public static String parse(String hash) {
        String lower = hash.strip().toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("sha256:")) {
            throw new IllegalArgumentException("unknown hash type in \"" + hash + "\" (want \"sha256:<hex>\")");
        }
        if (!FORMAT.matcher(lower).matches()) {
            throw new IllegalArgumentException("expected a 32 byte SHA-256 hash, found \"" + hash + "\"");
        }
        return lower;
    }
}
