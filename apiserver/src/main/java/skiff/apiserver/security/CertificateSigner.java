package skiff.apiserver.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Turns a {@link CertificateProfile} and a subject's public key into a signed X.509 v3 certificate. BouncyCastle builds
 * the ASN.1; the signature and the final certificate come from the JDK's own providers, so no provider is registered.
 */
final class CertificateSigner {
    /** How far before "now" a certificate starts, so a node whose clock runs a little behind still accepts it. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    /** Who signs: the issuer's subject name, its key pair, and the date its own certificate expires. */
    record Issuer(X500Name name, PublicKey publicKey, PrivateKey privateKey, Instant notAfter) {}

    private final SecureRandom random;

    CertificateSigner(SecureRandom random) {
        this.random = random;
    }

    /** Signs a certificate whose issuer is its own subject, for the given key pair. */
    X509Certificate selfSign(CertificateProfile profile, PublicKey publicKey, PrivateKey privateKey, Instant now) {
        return sign(profile, publicKey, new Issuer(profile.subject(), publicKey, privateKey, Instant.MAX), now);
    }

    /** Signs a certificate for {@code subjectKey}; it never outlives the issuer's own certificate. */
    X509Certificate sign(CertificateProfile profile, PublicKey subjectKey, Issuer issuer, Instant now) {
        Instant notBefore = now.minus(BACKDATE);
        Instant wanted = now.plus(profile.validity());
        Instant notAfter = wanted.isAfter(issuer.notAfter()) ? issuer.notAfter() : wanted;
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer.name(), serialNumber(), Date.from(notBefore), Date.from(notAfter),
                    profile.subject(), subjectKey);
            addExtensions(builder, profile, subjectKey, issuer.publicKey());
            ContentSigner signer = new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(issuer.privateKey()))
                    .setSecureRandom(random)
                    .build(issuer.privateKey());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot sign certificate for " + profile.subject(), e);
        }
    }

    private static void addExtensions(
            X509v3CertificateBuilder builder, CertificateProfile profile, PublicKey subjectKey, PublicKey issuerKey)
            throws GeneralSecurityException, CertIOException {
        JcaX509ExtensionUtils keyIds = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(profile.authority()));
        builder.addExtension(Extension.keyUsage, true, profile.keyUsage());
        if (profile.extendedKeyUsage().isPresent()) {
            var usage = new ExtendedKeyUsage(profile.extendedKeyUsage().get());
            builder.addExtension(Extension.extendedKeyUsage, false, usage);
        }
        if (profile.subjectAlternativeNames().isPresent()) {
            builder.addExtension(Extension.subjectAlternativeName, false, profile.subjectAlternativeNames().get());
        }
        builder.addExtension(Extension.subjectKeyIdentifier, false, keyIds.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false, keyIds.createAuthorityKeyIdentifier(issuerKey));
    }

    // docs RFC 5280 4.1.2.2 serialNumber: positive, at most 20 octets, unique per issuer; 127 random bits suffice.
    private BigInteger serialNumber() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
