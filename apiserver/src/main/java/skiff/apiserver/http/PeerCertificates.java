package skiff.apiserver.http;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The X.509 certificates a TLS client offered, leaf first; none when it offered none. */
final class PeerCertificates {
    private PeerCertificates() {}

    interface Source {
        List<Certificate> get() throws SSLPeerUnverifiedException;
    }

    static List<X509Certificate> of(Source source) {
        try {
            List<Certificate> offered = source.get();
            return offered == null ? List.of() : offered.stream().filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
