package skiff.apiserver.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import skiff.api.time.Clock;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.registry.Registries;
import skiff.apiserver.status.StatusException;

/**
 * Takes requests off the event loop: reads the body (at most 3 MiB, Kubernetes' limit) and hands the request to
 * a virtual thread, where the blocking registry work and streaming happen.
 */
public final class HttpFrontEnd implements AutoCloseable {
    // k/k apiserver pkg/server/config.go MaxRequestBodyBytes: 3 MiB.
    static final int MAX_BODY_BYTES = 3 * 1024 * 1024;

    private final ApiRequestHandler handler;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    public HttpFrontEnd(Registries registries, Clock clock, String token, BooleanSupplier ready, String serverAddress,
            KubeletConnections kubelets) {
        this.handler = new ApiRequestHandler(registries, clock, token, ready, serverAddress, kubelets);
    }

    public void accept(HttpServerRequest request) {
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
        Context loop = Vertx.currentContext();
        workers.execute(() -> handler.handleWebSocket(new WebSocketWatch(handshake, loop)));
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
