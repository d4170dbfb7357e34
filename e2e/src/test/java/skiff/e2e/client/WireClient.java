package skiff.e2e.client;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import skiff.server.SkiffServer;

/**
 * Sends requests exactly as written, bad percent-escapes and control characters included, which the JDK's and
 * fabric8's clients refuse to build: a Vert.x HTTP client that trusts the server's CA and sends the admin token.
 */
final class WireClient implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http;
    private final int port;
    private final String token;

    WireClient(SkiffServer server) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(server.caCertificatePem())))
                .setVerifyHost(false));
        this.port = server.port();
        this.token = server.adminToken();
    }

    /** An answer as it came off the wire: code, headers and body. */
    record Answer(int code, Map<String, List<String>> headers, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    Answer send(String method, String uri, String contentType, byte[] body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setHost("127.0.0.1")
                .setPort(port).setURI(uri).putHeader("Authorization", "Bearer " + token);
        if (contentType != null) {
            options.putHeader("Content-Type", contentType);
        }
        try {
            return http.request(options)
                    .compose(req -> req.send(Buffer.buffer(body == null ? new byte[0] : body)))
                    .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), headers(resp.headers()),
                            b.getBytes())))
                    .toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(method + " " + uri + " failed", e);
        }
    }

    private static Map<String, List<String>> headers(io.vertx.core.MultiMap headers) {
        Map<String, List<String>> copy = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.names().forEach(n -> copy.put(n, headers.getAll(n)));
        return copy;
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }
}
