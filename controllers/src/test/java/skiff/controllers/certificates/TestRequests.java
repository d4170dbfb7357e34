package skiff.controllers.certificates;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Certificate requests and a CA for the certificate controllers' tests. */
public final class TestRequests {
    private TestRequests() {}

    public static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#10 request for {@code subject} (RFC 4514, e.g. {@code O=system:nodes,CN=system:node:n1}). */
    public static PKCS10CertificationRequest request(String subject, String dnsName) {
        KeyPair keys = ecKeys();
        try {
            PKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic());
            if (dnsName != null) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CSR object asking {@code signer} for {@code request}, made by {@code username}. */
    public static CertificateSigningRequest csr(PKCS10CertificationRequest request, String signer, String username,
            List<String> usages) {
        try {
            String pem = pem("CERTIFICATE REQUEST", request.getEncoded());
            return new CertificateSigningRequestBuilder().withNewMetadata().withName("csr-1").endMetadata()
                    .withNewSpec().withRequest(Base64.getEncoder().encodeToString(
                            pem.getBytes(StandardCharsets.US_ASCII)))
                    .withSignerName(signer).withUsername(username).withUsages(usages).endSpec().build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed EC CA valid for {@code days} from {@code now}: certificate PEM and PKCS#8 key PEM. */
    public static String[] ca(Instant now, int days) {
        KeyPair keys = ecKeys();
        try {
            X500Name name = new X500Name("CN=test-ca");
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minus(1,
                    ChronoUnit.HOURS)), Date.from(now.plus(days, ChronoUnit.DAYS)), name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
            return new String[] {pem("CERTIFICATE", der), pem("PRIVATE KEY", keys.getPrivate().getEncoded())};
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
