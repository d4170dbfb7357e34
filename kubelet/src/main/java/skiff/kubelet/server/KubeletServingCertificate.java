package skiff.kubelet.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import skiff.kubelet.PrivateFiles;

/**
 * The kubelet's own serving certificate: self-signed, kept under {@code ROOT/pki/kubelet.{crt,key}} and reused across
 * restarts, as a kubelet without {@code --tls-cert-file} does (k/k cmd/kubelet/app/server.go InitializeTLS). The API
 * server trusts it by its SHA-256 fingerprint, which the kubelet publishes on its Node
 * ({@value #FINGERPRINT_ANNOTATION}), so no CA key ever has to reach a node.
 */
public record KubeletServingCertificate(String certificatePem, String privateKeyPem, String sha256) {
    public static final String FINGERPRINT_ANNOTATION = "skiff.dev/kubelet-serving-cert-sha256";
    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** Loads the stored certificate, or makes a new one when it is missing or expires within 30 days. */
    public static KubeletServingCertificate loadOrCreate(Path rootDir, String nodeName, String nodeIp, Instant now) {
        Path dir = rootDir.resolve("pki");
        Path crt = dir.resolve("kubelet.crt");
        Path key = dir.resolve("kubelet.key");
        try {
            if (Files.exists(crt) && Files.exists(key)) {
                String pem = Files.readString(crt);
                X509Certificate certificate = decode(pem);
                if (certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
                    return new KubeletServingCertificate(pem, Files.readString(key), fingerprint(certificate));
                }
            }
            KubeletServingCertificate created = generate(nodeName, nodeIp, now);
            PrivateFiles.directories(dir);
            PrivateFiles.writeString(key, created.privateKeyPem());
            PrivateFiles.writeString(crt, created.certificatePem());
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the kubelet certificate in " + dir, e);
        }
    }

    static KubeletServingCertificate generate(String nodeName, String nodeIp, Instant now) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + nodeName.replaceAll("[,=+<>#;\"\\\\]", "_") + "@skiff-kubelet");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, random).add(BigInteger.ONE), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, names(nodeName, nodeIp));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random).build(keys.getPrivate())));
            return new KubeletServingCertificate(pem("CERTIFICATE", certificate.getEncoded()),
                    pem("PRIVATE KEY", keys.getPrivate().getEncoded()), fingerprint(certificate));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot make the kubelet's serving certificate", e);
        }
    }

    /** The lower-case hex SHA-256 of the certificate's DER encoding. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static GeneralNames names(String nodeName, String nodeIp) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, nodeName));
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        if (nodeIp.matches("[0-9.]+") || nodeIp.contains(":")) {
            names.add(new GeneralName(GeneralName.iPAddress, nodeIp));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static X509Certificate decode(String pem) throws IOException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IOException("unreadable certificate", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
