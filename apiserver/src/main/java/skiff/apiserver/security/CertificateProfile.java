package skiff.apiserver.security;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What a certificate says about its holder besides the key: subject, lifetime, whether it may sign other
 * certificates, what it may be used for and which names it serves. One factory per kind Skiff issues.
 */
record CertificateProfile(
        X500Name subject,
        Duration validity,
        boolean authority,
        KeyUsage keyUsage,
        Optional<KeyPurposeId> extendedKeyUsage,
        Optional<GeneralNames> subjectAlternativeNames) {

    static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    /** A self-signed root: CA:true, allowed to sign certificates and revocation lists, valid ten years. */
    static CertificateProfile authority(String commonName) {
        return new CertificateProfile(
                commonName(commonName).build(),
                AUTHORITY_VALIDITY,
                true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature),
                Optional.empty(),
                Optional.empty());
    }

    /** A TLS server certificate for the given names, valid one year. */
    static CertificateProfile serving(String commonName, SubjectAlternativeNames names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a serving certificate needs at least one DNS name or IP address");
        }
        return new CertificateProfile(
                commonName(commonName).build(),
                LEAF_VALIDITY,
                false,
                new KeyUsage(KeyUsage.digitalSignature),
                Optional.of(KeyPurposeId.id_kp_serverAuth),
                Optional.of(names.toGeneralNames()));
    }

    // k/k staging/src/k8s.io/apiserver/pkg/authentication/request/x509/x509.go CommonNameUserConversion:
    // the subject CN is the user name and each O is a group.
    /** A TLS client certificate naming a Kubernetes user and its groups, valid one year. */
    static CertificateProfile client(String user, Set<String> groups) {
        if (user.isBlank()) {
            throw new IllegalArgumentException("a client certificate needs a user name");
        }
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (String group : new TreeSet<>(groups)) {
            subject.addRDN(BCStyle.O, group);
        }
        subject.addRDN(BCStyle.CN, user);
        return new CertificateProfile(
                subject.build(),
                LEAF_VALIDITY,
                false,
                new KeyUsage(KeyUsage.digitalSignature),
                Optional.of(KeyPurposeId.id_kp_clientAuth),
                Optional.empty());
    }

    private static X500NameBuilder commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName);
    }
}
