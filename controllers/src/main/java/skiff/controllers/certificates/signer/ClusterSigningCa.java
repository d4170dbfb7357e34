package skiff.controllers.certificates.signer;

import java.io.IOException;
import java.io.StringReader;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The cluster CA as the signing controller holds it (kube-controller-manager --cluster-signing-cert-file and
 * --cluster-signing-key-file): handed over in-process by the server, never through the API.
 */
public final class ClusterSigningCa {
    // k/k pkg/controller/certificates/authority/policies.go: certificates start five minutes early for clock skew.
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    // k/k pkg/controller/certificates/signer/signer.go: below this a certificate is short-lived.
    private static final Duration SHORT = Duration.ofHours(8);

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final SecureRandom random = new SecureRandom();

    private ClusterSigningCa(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** From the CA certificate and its PKCS#8 key, both PEM. */
    public static ClusterSigningCa fromPem(String certificatePem, String privateKeyPem) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(block(certificatePem).getContent()));
            byte[] der = block(privateKeyPem).getContent();
            PrivateKey key = KeyFactory.getInstance(certificate.getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(der));
            return new ClusterSigningCa(certificate, key);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot read the cluster signing CA: " + e.getMessage(), e);
        }
    }

    private static PemObject block(String pem) throws IOException {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            PemObject block = reader.readPemObject();
            if (block == null) {
                throw new IOException("no PEM block");
            }
            return block;
        }
    }

    /**
     * Signs {@code request} for {@code ttl} from {@code now}, with the key usages asked for, never past the CA's own
     * expiry (k/k pkg/controller/certificates/authority/authority.go Sign and policies.go PermissiveSigningPolicy).
     * Answers the certificate as PEM.
     */
    public String sign(PKCS10CertificationRequest request, List<String> usages, Duration ttl, Instant now) {
        try {
            PublicKey subjectKey = new JcaPKCS10CertificationRequest(request).getPublicKey();
            // policies.go: a certificate of eight hours or more also ends five minutes early; a shorter one does not.
            Instant notAfter = ttl.compareTo(SHORT) < 0 ? now.plus(ttl) : now.plus(ttl).minus(BACKDATE);
            if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
                notAfter = certificate.getNotAfter().toInstant();
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new BigInteger(127, random).add(BigInteger.ONE), Date.from(now.minus(BACKDATE)),
                    Date.from(notAfter), request.getSubject(), subjectKey);
            JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage(usages)));
            List<KeyPurposeId> purposes = extendedKeyUsages(usages);
            if (!purposes.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    ids.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate issued = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).setSecureRandom(random).build(key)));
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(issued.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
        }
    }

    // k/k pkg/controller/certificates/authority/policies.go keyUsagesFromStrings.
    private static int keyUsage(List<String> usages) {
        int bits = 0;
        for (String usage : usages) {
            bits |= switch (usage) {
                case "signing", "digital signature" -> KeyUsage.digitalSignature;
                case "content commitment" -> KeyUsage.nonRepudiation;
                case "key encipherment" -> KeyUsage.keyEncipherment;
                case "key agreement" -> KeyUsage.keyAgreement;
                case "data encipherment" -> KeyUsage.dataEncipherment;
                case "cert sign" -> KeyUsage.keyCertSign;
                case "crl sign" -> KeyUsage.cRLSign;
                case "encipher only" -> KeyUsage.encipherOnly;
                case "decipher only" -> KeyUsage.decipherOnly;
                default -> 0;
            };
        }
        return bits;
    }

    private static List<KeyPurposeId> extendedKeyUsages(List<String> usages) {
        return usages.stream().map(usage -> switch (usage) {
            case "any" -> KeyPurposeId.anyExtendedKeyUsage;
            case "server auth" -> KeyPurposeId.id_kp_serverAuth;
            case "client auth" -> KeyPurposeId.id_kp_clientAuth;
            case "code signing" -> KeyPurposeId.id_kp_codeSigning;
            case "email protection", "s/mime" -> KeyPurposeId.id_kp_emailProtection;
            case "ipsec end system" -> KeyPurposeId.id_kp_ipsecEndSystem;
            case "ipsec tunnel" -> KeyPurposeId.id_kp_ipsecTunnel;
            case "ipsec user" -> KeyPurposeId.id_kp_ipsecUser;
            case "timestamping" -> KeyPurposeId.id_kp_timeStamping;
            case "ocsp signing" -> KeyPurposeId.id_kp_OCSPSigning;
            default -> null;
        }).filter(java.util.Objects::nonNull).distinct().toList();
    }
}
