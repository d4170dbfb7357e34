package skiff.apiserver.security;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Certificates and private keys as PEM text: X.509 certificates as {@code CERTIFICATE} blocks and keys as unencrypted
 * PKCS#8 {@code PRIVATE KEY} blocks, the form Vert.x, kubectl and openssl all read.
 */
final class PemCodec {
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final Base64.Encoder BODY = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private PemCodec() {}

    static String encodeCertificate(X509Certificate certificate) {
        try {
            return encode(CERTIFICATE, certificate.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    static String encodePrivateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("private key is not PKCS#8 encodable: " + key.getFormat());
        }
        return encode(PRIVATE_KEY, key.getEncoded());
    }

    /** An RSA key as a PKCS#1 {@code RSA PRIVATE KEY} block. */
    static String encodeRsaPrivateKey(PrivateKey key) {
        if (!key.getAlgorithm().equals("RSA")) {
            throw new IllegalArgumentException("not an RSA key: " + key.getAlgorithm());
        }
        try {
            return encode("RSA PRIVATE KEY",
                    PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode private key", e);
        }
    }

    /**
     * An EC key as a SEC 1 {@code EC PRIVATE KEY} block naming its curve, as openssl and Go's
     * x509.MarshalECPrivateKey write it (and fabric8 reads it, where it misreads an EC key in a PKCS#8 block).
     */
    static String encodeEcPrivateKey(PrivateKey key) {
        if (!(key instanceof java.security.interfaces.ECPrivateKey ec)) {
            throw new IllegalArgumentException("not an EC key: " + key.getAlgorithm());
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            return encode("EC PRIVATE KEY", new ECPrivateKey(ec.getParams().getOrder().bitLength(), ec.getS(),
                    inner.getPublicKey(), info.getPrivateKeyAlgorithm().getParameters()).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot encode private key", e);
        }
    }

    /** Reads the first certificate in the text. @throws IllegalArgumentException when there is none */
    static X509Certificate decodeCertificate(String pem) {
        byte[] der = body(pem, CERTIFICATE);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not an X.509 certificate", e);
        }
    }

    /** Reads a PKCS#8 private key of any algorithm the JDK knows (EC, RSA, Ed25519). */
    static PrivateKey decodePrivateKey(String pem) {
        byte[] der = body(pem, PRIVATE_KEY);
        try {
            // The converter picks the KeyFactory from the key's own algorithm identifier, using the JDK's providers.
            return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(der));
        } catch (PEMException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PKCS#8 private key", e);
        }
    }

    private static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BODY.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] body(String pem, String type) {
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(matcher.group(2));
            }
        }
        throw new IllegalArgumentException("no PEM block of type " + type);
    }
}
