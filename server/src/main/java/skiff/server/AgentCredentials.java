package skiff.server;

import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** How the agent's kubelet authenticates to the API server: a bearer token, or its own client certificate. */
public sealed interface AgentCredentials {

    /** {@code builder} with these credentials. */
    ConfigBuilder applyTo(ConfigBuilder builder);

    /** A bearer token the API server accepts (for example the server's admin token). */
    record BearerToken(String token) implements AgentCredentials {
        @Override
        public ConfigBuilder applyTo(ConfigBuilder builder) {
            return builder.withOauthToken(token);
        }
    }

    /** The node's client certificate (CN system:node:NAME, O system:nodes) and its key (EC, or RSA), both PEM. */
    record ClientCertificate(String certificatePem, String keyPem) implements AgentCredentials {
        @Override
        public ConfigBuilder applyTo(ConfigBuilder builder) {
            return builder.withClientCertData(base64(certificatePem)).withClientKeyData(base64(keyPem))
                    .withClientKeyAlgo(keyPem.contains("BEGIN EC PRIVATE KEY") ? "EC" : "RSA");
        }

        private static String base64(String pem) {
            return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
