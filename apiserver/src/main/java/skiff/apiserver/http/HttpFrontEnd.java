package skiff.apiserver.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import skiff.api.time.Clock;
import skiff.apiserver.authn.Authentication;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.audit.Auditor;
import skiff.apiserver.metrics.ApiServerMetrics;
import skiff.apiserver.resourcemetrics.MetricsStore;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.status.StatusException;

/**
 * Takes requests off the event loop: reads the body (at most 3 MiB, Kubernetes' limit) and hands the request to
 * a virtual thread, where the blocking registry work and streaming happen. Connections that keep it waiting are
 * closed ({@link ConnectionLimits}); a malformed body is a 400, an over-long HTTP/2 path a 414 as over HTTP/1.1.
 */
public final class HttpFrontEnd implements AutoCloseable {
    // k/k apiserver pkg/server/config.go MaxRequestBodyBytes: 3 MiB.
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    // Vert.x HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH bounds an HTTP/1.1 request line.
    static final int MAX_URI_LENGTH = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;

    private final ApiRequestHandler handler;
    private final ConnectionTimeouts timeouts;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param storeAnswers whether the store answers a read (the health endpoints' store check)
     * @param ready whether the server has started and is not stopping (/readyz)
     * @param limits how long a connection may keep the server waiting
     * @param metrics where requests are counted, and what {@code /metrics} serves
     * @param auditor where requests are audited
     * @param resourceMetrics the nodes' and pods' usage that metrics.k8s.io serves
     */
    public HttpFrontEnd(Registries registries, Clock clock, Authentication authentication, BooleanSupplier storeAnswers,
            BooleanSupplier ready, String serverAddress, KubeletConnections kubelets, Vertx vertx,
            ConnectionLimits limits, ApiServerMetrics metrics, Auditor auditor,
            MetricsStore resourceMetrics) {
        this.timeouts = new ConnectionTimeouts(vertx, limits);
        this.handler = new ApiRequestHandler(registries, clock, authentication, new HealthEndpoints(storeAnswers, ready),
                serverAddress, kubelets, metrics, auditor, resourceMetrics);
    }

    /** A new connection; see {@link ConnectionLimits}. */
    public void connected(HttpConnection connection) {
        timeouts.connected(connection);
    }

    public void accept(HttpServerRequest request) {
        ConnectionTimeouts.InFlight inFlight = timeouts.requestStarted(request);
        request.exceptionHandler(failure -> {
            inFlight.finished();
            malformed(request, failure);
        });
        // HTTP/1.1 request lines longer than Vert.x's limit get 414 before they reach this point; HTTP/2 has no request
        // line, so its path is held to the same limit here.
        if (request.version() == HttpVersion.HTTP_2 && request.uri().length() > MAX_URI_LENGTH) {
            request.response().setStatusCode(414).end();
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parse(length) > MAX_BODY_BYTES) {
            tooLarge(request);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] overflow = {false};
        request.handler(chunk -> {
            if (overflow[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                overflow[0] = true;
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            inFlight.bodyRead();
            if (overflow[0]) {
                tooLarge(request);
            } else {
                Context loop = Vertx.currentContext();
                workers.execute(() -> handler.handle(new Exchange(request, body.getBytes(), loop)));
            }
        });
    }

    /** Takes a WebSocket upgrade request (a watch or an exec) off the event loop; see {@link WebSocketWatch}. */
    public void acceptWebSocket(ServerWebSocketHandshake handshake) {
        timeouts.upgraded(String.valueOf(handshake.remoteAddress()));
        Context loop = Vertx.currentContext();
        workers.execute(() -> handler.handleWebSocket(new WebSocketWatch(handshake, loop)));
    }

    /**
     * A body that cannot be decoded (a malformed chunk) is a bad request, as k/k answers a body it cannot read; a
     * request that was reset or whose connection closed has no one left to answer.
     */
    private static void malformed(HttpServerRequest request, Throwable failure) {
        HttpServerResponse response = request.response();
        if (failure instanceof StreamResetException || failure instanceof HttpClosedException || response.ended()
                || response.headWritten()) {
            return;
        }
        StatusException e = StatusException.badRequest("the request body could not be read: " + failure.getMessage());
        response.setStatusCode(400).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(e.status().toString());
    }

    private static void tooLarge(HttpServerRequest request) {
        StatusException e = StatusException.tooLarge("Request entity too large: limit is " + MAX_BODY_BYTES);
        request.response().setStatusCode(413).putHeader("Content-Type", "application/json")
                .end(e.status().toString() + "\n");
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
