package skiff.apiserver.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate together with the private key of the public key it certifies. */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** Reads a certificate and its PKCS#8 key from PEM. @throws IllegalArgumentException if they do not match */
    public static IssuedCertificate fromPem(String certificatePem, String privateKeyPem) {
        X509Certificate certificate = PemCodec.decodeCertificate(certificatePem);
        PrivateKey key = PemCodec.decodePrivateKey(privateKeyPem);
        if (!KeyPairs.belongTogether(key, certificate.getPublicKey())) {
            throw new IllegalArgumentException(
                    "the private key does not belong to the certificate for " + certificate.getSubjectX500Principal());
        }
        return new IssuedCertificate(certificate, key);
    }

    public String certificatePem() {
        return PemCodec.encodeCertificate(certificate);
    }

    /**
     * The key as a kubeconfig carries it, which both fabric8 and kubectl read: an RSA key as a PKCS#1 {@code RSA
     * PRIVATE KEY} block, an EC key as a SEC 1 {@code EC PRIVATE KEY} block (fabric8 misreads an EC key in a PKCS#8
     * block).
     */
    public String kubeconfigKeyPem() {
        return switch (privateKey.getAlgorithm()) {
            case "RSA" -> PemCodec.encodeRsaPrivateKey(privateKey);
            case "EC" -> PemCodec.encodeEcPrivateKey(privateKey);
            default -> throw new IllegalArgumentException("no kubeconfig form for a " + privateKey.getAlgorithm()
                    + " key");
        };
    }

    /** The key as an unencrypted PKCS#8 {@code PRIVATE KEY} block. */
    public String privateKeyPem() {
        return PemCodec.encodePrivateKey(privateKey);
    }
}
