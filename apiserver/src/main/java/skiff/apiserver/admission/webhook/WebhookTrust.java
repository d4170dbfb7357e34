package skiff.apiserver.admission.webhook;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How the API server trusts a webhook's serving certificate (k/k apiserver pkg/util/webhook/authentication.go and
 * client-go transport): signed by the configuration's caBundle, else by the system trust store, and valid for the
 * server name the request means, which for a {@code service} clientConfig is {@code NAME.NAMESPACE.svc} although the
 * connection goes to an endpoint's address. As Go's crypto/x509, only the subject alternative names count.
 */
final class WebhookTrust extends X509ExtendedTrustManager {
    private final X509TrustManager anchors;
    private final String serverName;

    private WebhookTrust(X509TrustManager anchors, String serverName) {
        this.anchors = anchors;
        this.serverName = serverName;
    }

    /** A TLS context trusting {@code caBundle} (PEM; empty: the system's roots) for {@code serverName}. */
    static SSLContext context(String caBundle, String serverName) throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caBundle.isBlank()) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caBundle.getBytes(
                            java.nio.charset.StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            factory.init(store);
        }
        X509TrustManager anchors = null;
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                anchors = x;
            }
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new WebhookTrust(anchors, serverName)}, null);
        return context;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            anchors.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new UntrustedCertificate("x509: certificate signed by unknown authority", e);
        }
        List<String> names = names(chain[0]);
        if (!names.stream().anyMatch(this::covers)) {
            throw new UntrustedCertificate(names.isEmpty()
                    ? "x509: certificate relies on legacy Common Name field, use SANs instead"
                    : "x509: certificate is valid for " + String.join(", ", names) + ", not " + serverName, null);
        }
    }

    private static List<String> names(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == 2 || type == 7) {
                    names.add((String) san.get(1));
                }
            }
        }
        return names;
    }

    // Go crypto/x509 Certificate.VerifyHostname: an IP literal matches an IP SAN; a name matches a DNS SAN, where
    // "*." stands for exactly one leftmost label.
    private boolean covers(String name) {
        boolean literal = serverName.indexOf(':') >= 0 || serverName.matches("[0-9.]+");
        if (literal) {
            try {
                return name.matches("[0-9a-fA-F:.]+")
                        && InetAddress.getByName(name).equals(InetAddress.getByName(serverName));
            } catch (UnknownHostException e) {
                return false;
            }
        }
        String host = serverName.toLowerCase(Locale.ROOT);
        String pattern = name.toLowerCase(Locale.ROOT);
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return host.equals(pattern);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.getAcceptedIssuers();
    }

    /** A refused certificate, with the words Go's TLS client uses for it. */
    static final class UntrustedCertificate extends CertificateException {
        UntrustedCertificate(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
