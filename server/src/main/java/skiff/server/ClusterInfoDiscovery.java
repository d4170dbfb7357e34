package skiff.server;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import skiff.api.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * kubeadm's token discovery (k/k cmd/kubeadm/app/discovery/token/token.go, 1.32): reads the cluster-info ConfigMap in
 * kube-public anonymously over TLS it cannot verify yet, and trusts the CA found there only if its public key hash is
 * one of those pinned with {@code --discovery-token-ca-cert-hash}. Every later request verifies the server with it.
 */
final class ClusterInfoDiscovery {
    private static final String PATH = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private ClusterInfoDiscovery() {}

    /**
     * The cluster CA as PEM.
     *
     * @throws IllegalStateException when cluster-info cannot be read, or its CA is none of {@code pins}
     */
    static String discoverCa(String serverUrl, List<String> pins) {
        JsonNode configMap = fetch(serverUrl);
        String kubeconfig = configMap.path("data").path("kubeconfig").asString("");
        if (kubeconfig.isEmpty()) {
            throw new IllegalStateException("there is no kubeconfig in the cluster-info ConfigMap of " + serverUrl);
        }
        JsonNode cluster = Json.parseYaml(kubeconfig.getBytes(StandardCharsets.UTF_8)).path("clusters").path(0)
                .path("cluster");
        String caPem = new String(Base64.getDecoder().decode(cluster.path("certificate-authority-data")
                .asString("")), StandardCharsets.US_ASCII);
        String hash = CaCertHash.of(caPem);
        // token.go and pubkeypin.go CheckAny: the CA must match one pin.
        if (!pins.contains(hash)) {
            throw new IllegalStateException("cluster CA found in cluster-info ConfigMap is invalid: none of the "
                    + "public keys \"" + hash + "\" are pinned");
        }
        return caPem;
    }

    private static JsonNode fetch(String serverUrl) {
        try (HttpClient http = HttpClient.newBuilder().sslContext(unverified()).connectTimeout(REQUEST_TIMEOUT)
                .build()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(serverUrl + PATH))
                    .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("cannot read the cluster-info ConfigMap of " + serverUrl + ": HTTP "
                        + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the cluster-info ConfigMap of " + serverUrl + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading cluster-info", e);
        }
    }

    // Before the CA is known the server cannot be verified; what it sends is trusted only once its CA is pinned.
    private static SSLContext unverified() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new AcceptAny()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class AcceptAny extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
