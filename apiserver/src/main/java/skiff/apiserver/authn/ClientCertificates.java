package skiff.apiserver.authn;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The TLS side of client-certificate authentication: the CA certificate, and the handshake's trust manager. */
public final class ClientCertificates {
    private ClientCertificates() {}

    /** The CA certificate from PEM. @throws IllegalArgumentException when it is not one */
    public static X509Certificate ca(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("the client CA is not an X.509 certificate", e);
        }
    }

    /**
     * Lets every client chain through the handshake, naming {@code ca} as the acceptable issuer (Go's
     * tls.RequestClientCert with ClientCAs): {@link ClientCertificateAuthenticator} judges the chain afterwards.
     */
    public static TrustManager requestingTrustManager(X509Certificate ca) {
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // Verified per request by ClientCertificateAuthenticator.
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("this trust manager only takes client certificates");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[] {ca};
            }
        };
    }
}
