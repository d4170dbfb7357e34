package skiff.kubelet.server;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** A caller of the kubelet's API as its authenticator found it: a user name and groups. */
record Caller(String user, List<String> groups) {
    /** The group whose members the API server's authorizer allows everything (k/k pkg/kubeapiserver/authorizer). */
    static final String MASTERS = "system:masters";

    Caller {
        groups = List.copyOf(groups);
    }

    /**
     * Who the client certificate of a TLS session names, if the caller presented one (the TLS layer has verified it
     * against the cluster CA), as Kubernetes' x509 authenticator reads it (apiserver
     * pkg/authentication/request/x509 CommonNameUserConversion, 1.32): the common name is the user, each
     * organization a group.
     */
    static Optional<Caller> ofCertificate(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            String user = "";
            List<String> groups = new ArrayList<>();
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                switch (rdn.getType().toUpperCase(Locale.ROOT)) {
                    case "CN" -> user = rdn.getValue().toString();
                    case "O" -> groups.add(rdn.getValue().toString());
                    default -> { }
                }
            }
            return user.isEmpty() ? Optional.empty() : Optional.of(new Caller(user, groups));
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return Optional.empty();
        }
    }

    boolean isMaster() {
        return groups.contains(MASTERS);
    }
}
