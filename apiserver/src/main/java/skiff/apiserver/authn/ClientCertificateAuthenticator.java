package skiff.apiserver.authn;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import skiff.api.time.Clock;
import skiff.apiserver.auth.UserInfo;

/**
 * X.509 client certificates signed by the cluster CA, as kube-apiserver's --client-ca-file: the subject's common name
 * is the user, each organization a group. A certificate that does not chain to the CA, is outside its validity, or
 * is not for client authentication proves nothing, and the request is refused; one without a common name names no
 * user, and the request is judged by its other credentials, or is anonymous.
 */
public final class ClientCertificateAuthenticator implements Authenticator {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private final X509Certificate ca;
    private final Clock clock;

    public ClientCertificateAuthenticator(X509Certificate ca, Clock clock) {
        this.ca = ca;
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(Credentials credentials) {
        List<X509Certificate> chain = credentials.clientCertificates();
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        verify(chain);
        return user(chain.getFirst());
    }

    // k/k apiserver pkg/authentication/request/x509/x509.go (1.32) Authenticator.AuthenticateRequest: the chain must
    // verify against the client CA pool for ExtKeyUsageClientAuth at the current time.
    private void verify(List<X509Certificate> chain) {
        X509Certificate leaf = chain.getFirst();
        try {
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.now()));
            List<X509Certificate> path = chain.stream().filter(c -> !c.equals(ca)).toList();
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationException("verifying certificate " + describe(leaf) + " failed: "
                    + firstLine(e.getMessage()));
        }
        List<String> usages = extendedKeyUsage(leaf);
        if (usages != null && !usages.contains(CLIENT_AUTH) && !usages.contains(ANY_USAGE)) {
            throw new AuthenticationException("verifying certificate " + describe(leaf)
                    + " failed: x509: certificate specifies an incompatible key usage");
        }
    }

    private static List<String> extendedKeyUsage(X509Certificate certificate) {
        try {
            return certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new AuthenticationException("malformed extended key usage in certificate " + describe(certificate));
        }
    }

    // k/k x509.go CommonNameUserConversion: CN is the user, every O a group, in the certificate's order; a verified
    // certificate without a CN proves no user and is no error, so such a request goes on as anonymous.
    private static Optional<UserInfo> user(X509Certificate leaf) {
        X500Name subject;
        try {
            subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("malformed subject in certificate: " + e.getMessage());
        }
        RDN[] names = subject.getRDNs(BCStyle.CN);
        String name = names.length == 0 ? "" : text(names[0]);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        List<String> groups = Arrays.stream(subject.getRDNs(BCStyle.O)).map(ClientCertificateAuthenticator::text)
                .toList();
        return Optional.of(UserInfo.of(name, groups));
    }

    private static String text(RDN rdn) {
        ASN1Encodable value = rdn.getFirst().getValue();
        return value instanceof ASN1String s ? s.getString() : value.toString();
    }

    private static String describe(X509Certificate certificate) {
        return "\"" + certificate.getSubjectX500Principal().getName() + "\"";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
