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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import skiff.api.json.Json;
import skiff.api.time.Clock;
import skiff.client.bootstrap.DetachedJws;
import tools.jackson.databind.JsonNode;

/**
 * kubeadm's token discovery (k/k cmd/kubeadm/app/discovery/token/token.go, 1.32): reads the cluster-info ConfigMap in
 * kube-public anonymously over TLS it cannot verify yet, waiting for the bootstrap signer's signature for the token's
 * id; trusts the kubeconfig in it only if the token signed it, and the CA in that only if its public key hash is one
 * of those pinned with {@code --discovery-token-ca-cert-hash}; then reads cluster-info again over TLS verified with
 * that CA and wants the same kubeconfig. Every later request verifies the server with the CA.
 */
final class ClusterInfoDiscovery {
    // kubeadm constants.go: DiscoveryRetryInterval, and the discovery timeout's default.
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);
    static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String PATH = "/api/v1/namespaces/kube-public/configmaps/cluster-info";
    private static final String SIGNATURE_PREFIX = "jws-kubeconfig-";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");

    /** Reads the cluster-info ConfigMap, over TLS verified with the CA given or not verified at all. */
    interface Source {
        /** @throws IllegalStateException when it cannot be read, with the reason */
        JsonNode clusterInfo(Optional<String> trustedCaPem);
    }

    private final Source source;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;

    ClusterInfoDiscovery(Source source, Duration interval, Duration timeout, Clock clock) {
        this.source = source;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Discovery from the API server at {@code serverUrl}, with kubeadm's retry interval and timeout. */
    static ClusterInfoDiscovery overHttps(String serverUrl, Clock clock) {
        return new ClusterInfoDiscovery(trustedCa -> fetch(serverUrl, trustedCa), RETRY_INTERVAL, TIMEOUT, clock);
    }

    /**
     * The cluster CA as PEM.
     *
     * @param token the bootstrap token, {@code ID.SECRET}
     * @throws IllegalStateException when cluster-info cannot be read or has no signature for the token in time, the
     *     signature is not the token's, or its CA is none of {@code pins}
     */
    String discoverCa(String token, List<String> pins) {
        Matcher parts = TOKEN.matcher(token);
        if (!parts.matches()) {
            // bootstraptoken/v1 NewBootstrapTokenString.
            throw new IllegalStateException("the bootstrap token \"" + token + "\" was not of the form "
                    + "\"[a-z0-9]{6}.[a-z0-9]{16}\"");
        }
        String id = parts.group(1);
        JsonNode insecure = signedClusterInfo(id, Optional.empty());
        String kubeconfig = insecure.path("data").path("kubeconfig").asString("");
        // token.go validateClusterInfoToken.
        if (kubeconfig.isEmpty()) {
            throw new IllegalStateException("there is no kubeconfig key in the cluster-info ConfigMap. This API Server "
                    + "isn't set up for token bootstrapping, can't connect");
        }
        if (!DetachedJws.isValid(insecure.path("data").path(SIGNATURE_PREFIX + id).asString(""), kubeconfig, id,
                parts.group(2))) {
            throw new IllegalStateException("failed to verify JWS signature of received cluster info object, can't "
                    + "trust this API Server");
        }
        JsonNode cluster = Json.parseYaml(kubeconfig.getBytes(StandardCharsets.UTF_8)).path("clusters").path(0)
                .path("cluster");
        String caPem = new String(Base64.getDecoder().decode(cluster.path("certificate-authority-data")
                .asString("")), StandardCharsets.US_ASCII);
        String hash = CaCertHash.of(caPem);
        // token.go validateClusterCA and pubkeypin.go CheckAny: the CA must match one pin.
        if (!pins.contains(hash)) {
            throw new IllegalStateException("cluster CA found in cluster-info ConfigMap is invalid: none of the "
                    + "public keys \"" + hash + "\" are pinned");
        }
        JsonNode secure = signedClusterInfo(id, Optional.of(caPem));
        if (!secure.path("data").path("kubeconfig").asString("").equals(kubeconfig)) {
            throw new IllegalStateException("the second kubeconfig from the cluster-info ConfigMap (using validated "
                    + "TLS) was different from the first");
        }
        return caPem;
    }

    // token.go getClusterInfo: the ConfigMap once it has a signature for the token, polled until the timeout, after
    // which the last reason it was not good enough is the error.
    private JsonNode signedClusterInfo(String id, Optional<String> trustedCaPem) {
        long deadline = clock.nanoTime() + timeout.toNanos();
        while (true) {
            String problem;
            try {
                JsonNode configMap = source.clusterInfo(trustedCaPem);
                if (configMap.path("data").has(SIGNATURE_PREFIX + id)) {
                    return configMap;
                }
                problem = "could not find a JWS signature in the cluster-info ConfigMap for token ID \"" + id + "\"";
            } catch (IllegalStateException e) {
                problem = e.getMessage();
            }
            if (clock.nanoTime() + interval.toNanos() > deadline) {
                throw new IllegalStateException(problem);
            }
            try {
                clock.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for cluster-info", e);
            }
        }
    }

    private static JsonNode fetch(String serverUrl, Optional<String> trustedCaPem) {
        SSLContext tls = trustedCaPem.map(ClusterInfoDiscovery::verifying).orElseGet(ClusterInfoDiscovery::unverified);
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(REQUEST_TIMEOUT).build()) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(serverUrl + PATH))
                    .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("failed to request the cluster-info ConfigMap of " + serverUrl
                        + ": HTTP " + response.statusCode() + " " + new String(response.body(),
                        StandardCharsets.UTF_8));
            }
            return Json.parse(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("failed to request the cluster-info ConfigMap of " + serverUrl + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading cluster-info", e);
        }
    }

    private static SSLContext verifying(String caPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, SkiffAgent.trustManagers(caPem), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
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
