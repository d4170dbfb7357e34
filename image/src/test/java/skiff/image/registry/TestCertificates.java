package skiff.image.registry;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway CA and a server certificate for 127.0.0.1 it signed, as PEM files, for a TLS registry in tests. */
record TestCertificates(Path caFile, Path certFile, Path keyFile) {

    static TestCertificates create(Path dir) throws IOException {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair caKey = rsa.generateKeyPair();
            KeyPair serverKey = rsa.generateKeyPair();
            X500Name caName = new X500Name("CN=skiff-test-ca");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), caName,
                    caKey.getPublic());
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            X509Certificate caCert = sign(ca, caKey);
            JcaX509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caName, BigInteger.TWO,
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("CN=127.0.0.1"), serverKey.getPublic());
            server.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            X509Certificate serverCert = sign(server, caKey);
            TestCertificates files = new TestCertificates(dir.resolve("ca.pem"), dir.resolve("server.pem"),
                    dir.resolve("server.key"));
            Files.writeString(files.caFile, pem(caCert));
            Files.writeString(files.certFile, pem(serverCert));
            Files.writeString(files.keyFile, pem(serverKey.getPrivate()));
            return files;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException(e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
