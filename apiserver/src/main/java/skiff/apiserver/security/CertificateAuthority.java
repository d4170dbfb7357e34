package skiff.apiserver.security;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import skiff.api.time.Clock;

/**
 * The cluster's certificate authority: a self-signed root whose key signs the API server's serving certificate and
 * the client certificates kubelets and users present. Leaf keys are fresh EC P-256 keys; the CA's own key may be EC or
 * RSA when loaded from PEM.
 */
public final class CertificateAuthority {
    public static final String COMMON_NAME = "skiff-ca";
    public static final String SERVING_COMMON_NAME = "skiff-apiserver";

    private final IssuedCertificate root;
    private final Clock clock;
    private final SecureRandom random;
    private final CertificateSigner signer;

    private CertificateAuthority(IssuedCertificate root, Clock clock, SecureRandom random) {
        this.root = root;
        this.clock = clock;
        this.random = random;
        this.signer = new CertificateSigner(random);
    }

    /** A new self-signed CA named {@value #COMMON_NAME}, valid ten years from the clock's now. */
    public static CertificateAuthority generate(Clock clock) {
        SecureRandom random = new SecureRandom();
        KeyPair keys = KeyPairs.generate(random);
        X509Certificate certificate = new CertificateSigner(random)
                .selfSign(CertificateProfile.authority(COMMON_NAME), keys.getPublic(), keys.getPrivate(), clock.now());
        return new CertificateAuthority(new IssuedCertificate(certificate, keys.getPrivate()), clock, random);
    }

    public static CertificateAuthority generate() {
        return generate(Clock.system());
    }

    /**
     * Loads a CA from its certificate and PKCS#8 key.
     *
     * @throws IllegalArgumentException if the certificate is not a CA, is not self-signed, or the key does not match
     */
    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem, Clock clock) {
        IssuedCertificate root = IssuedCertificate.fromPem(certificatePem, privateKeyPem);
        X509Certificate certificate = root.certificate();
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(certificate.getSubjectX500Principal() + " is not a CA certificate");
        }
        if (!signedBy(certificate, certificate)) {
            throw new IllegalArgumentException(certificate.getSubjectX500Principal() + " is not self-signed");
        }
        return new CertificateAuthority(root, clock, new SecureRandom());
    }

    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
        return fromPem(certificatePem, privateKeyPem, Clock.system());
    }

    public X509Certificate certificate() {
        return root.certificate();
    }

    public String certificatePem() {
        return root.certificatePem();
    }

    /** The CA key as PKCS#8 PEM; whoever holds it can mint any identity in the cluster. */
    public String privateKeyPem() {
        return root.privateKeyPem();
    }

    /**
     * Issues a TLS serving certificate (extended key usage serverAuth) for a fresh key, valid for the given DNS names
     * and IP addresses for one year, or until the CA expires if that comes first.
     *
     * @throws IllegalArgumentException when a name is malformed or both sets are empty
     */
    public IssuedCertificate issueServingCertificate(Set<String> dnsNames, Set<String> ipAddresses) {
        SubjectAlternativeNames names = SubjectAlternativeNames.of(dnsNames, ipAddresses);
        return issue(CertificateProfile.serving(SERVING_COMMON_NAME, names));
    }

    /** Issues a TLS client certificate (extended key usage clientAuth) with CN = user and one O per group. */
    public IssuedCertificate issueClientCertificate(String user, Set<String> groups) {
        return issue(CertificateProfile.client(user, groups));
    }

    /**
     * Like {@link #issueClientCertificate}, for a fresh RSA key: the key of a kubeconfig, which fabric8 and kubectl
     * both read as a PKCS#1 {@code RSA PRIVATE KEY} block.
     */
    public IssuedCertificate issueRsaClientCertificate(String user, Set<String> groups) {
        KeyPair keys = KeyPairs.generateRsa(random);
        X509Certificate certificate = signer.sign(CertificateProfile.client(user, groups), keys.getPublic(), issuer(),
                clock.now());
        return new IssuedCertificate(certificate, keys.getPrivate());
    }

    /** True when this CA's key signed the certificate and the certificate names this CA as its issuer. */
    public boolean issued(X509Certificate certificate) {
        return certificate.getIssuerX500Principal().equals(certificate().getSubjectX500Principal())
                && signedBy(certificate, certificate());
    }

    private IssuedCertificate issue(CertificateProfile profile) {
        KeyPair keys = KeyPairs.generate(random);
        X509Certificate certificate = signer.sign(profile, keys.getPublic(), issuer(), clock.now());
        return new IssuedCertificate(certificate, keys.getPrivate());
    }

    private CertificateSigner.Issuer issuer() {
        X509Certificate certificate = certificate();
        return new CertificateSigner.Issuer(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                certificate.getPublicKey(),
                root.privateKey(),
                certificate.getNotAfter().toInstant());
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
