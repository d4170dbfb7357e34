package skiff.apiserver.kubelet;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API server's clients for kubelets: HTTPS with its kubelet-client certificate (issued by the cluster CA, as
 * kube-apiserver's --kubelet-client-certificate), trusting each kubelet by the certificate its Node pins. One client
 * per pinned certificate.
 */
public final class KubeletConnections implements AutoCloseable {
    private final Vertx vertx;
    private final PemKeyCertOptions clientCertificate;
    private final Map<String, HttpClientAgent> http = new ConcurrentHashMap<>();
    private final Map<String, WebSocketClient> webSockets = new ConcurrentHashMap<>();

    public KubeletConnections(Vertx vertx, String clientCertificatePem, String clientKeyPem) {
        this.vertx = vertx;
        this.clientCertificate = new PemKeyCertOptions().addCertValue(Buffer.buffer(clientCertificatePem))
                .addKeyValue(Buffer.buffer(clientKeyPem));
    }

    public HttpClientAgent http(KubeletEndpoint endpoint) {
        return http.computeIfAbsent(endpoint.certificateSha256(), sha -> vertx.createHttpClient(
                new HttpClientOptions().setSsl(true).setVerifyHost(false)
                        .setTrustOptions(TrustOptions.wrap(new PinnedCertificateTrustManager(sha)))
                        .setKeyCertOptions(clientCertificate).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(256)));
    }

    public WebSocketClient webSocket(KubeletEndpoint endpoint) {
        return webSockets.computeIfAbsent(endpoint.certificateSha256(), sha -> vertx.createWebSocketClient(
                new WebSocketClientOptions().setSsl(true).setVerifyHost(false)
                        .setTrustOptions(TrustOptions.wrap(new PinnedCertificateTrustManager(sha)))
                        .setKeyCertOptions(clientCertificate).setMaxConnections(256)));
    }

    @Override
    public void close() {
        http.values().forEach(HttpClientAgent::close);
        webSockets.values().forEach(WebSocketClient::close);
    }
}
