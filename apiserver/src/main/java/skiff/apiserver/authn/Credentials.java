package skiff.apiserver.authn;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one request presents to prove who sends it: its {@code Authorization} header ("" when absent) and the
 * certificate chain the client offered on its TLS connection, leaf first (empty when it offered none).
 */
public record Credentials(String authorization, List<X509Certificate> clientCertificates) {
    public Credentials {
        authorization = authorization == null ? "" : authorization;
        clientCertificates = List.copyOf(clientCertificates);
    }

    public static Credentials none() {
        return new Credentials("", List.of());
    }
}
