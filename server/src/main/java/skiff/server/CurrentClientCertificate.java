package skiff.server;

import java.io.IOException;
import java.io.StringReader;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The node's client certificate as its API client presents it: whatever was set last, so that a rotated certificate
 * is used from the next connection on (client-go util/certificate's dynamic GetClientCertificate, 1.32).
 */
final class CurrentClientCertificate extends X509ExtendedKeyManager {
    private static final String ALIAS = "node";

    /** One certificate and its key. */
    private record Pair(X509Certificate certificate, PrivateKey key) {}

    private final AtomicReference<Pair> current = new AtomicReference<>();

    CurrentClientCertificate(AgentCredentials.ClientCertificate initial) {
        set(initial);
    }

    void set(AgentCredentials.ClientCertificate credentials) {
        current.set(new Pair(NodeClientCertificates.certificate(credentials.certificatePem()),
                key(credentials.keyPem())));
    }

    X509Certificate certificate() {
        return current.get().certificate();
    }

    private static PrivateKey key(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (read instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("not a PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return new X509Certificate[] {current.get().certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return current.get().key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[0];
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
