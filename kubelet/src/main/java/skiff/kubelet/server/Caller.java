package skiff.kubelet.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who a verified client certificate names, as Kubernetes' x509 authenticator reads it (apiserver
 * pkg/authentication/request/x509 CommonNameUserConversion, 1.32): the common name is the user, each organization a
 * group.
 */
record CertificateSubject(String user, List<String> groups) {

    static CertificateSubject of(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            X509Certificate leaf = (X509Certificate) chain[0];
            String user = "";
            List<String> groups = new ArrayList<>();
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                switch (rdn.getType().toUpperCase(java.util.Locale.ROOT)) {
                    case "CN" -> user = rdn.getValue().toString();
                    case "O" -> groups.add(rdn.getValue().toString());
                    default -> { }
                }
            }
            return new CertificateSubject(user, List.copyOf(groups));
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return new CertificateSubject("", List.of());
        }
    }
}
