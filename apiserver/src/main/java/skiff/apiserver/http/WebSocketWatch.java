package skiff.apiserver.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import skiff.apiserver.status.StatusException;

/**
 * A watch requested with a WebSocket upgrade, as fabric8 and other clients do by default: each event is one text
 * message (k/k apiserver endpoints/handlers/watch.go HandleWS, text framing for JSON). A failure before the stream
 * starts rejects the upgrade with the Status code. Used from a virtual thread.
 */
final class WebSocketWatch implements RequestParameters, WatchStream {
    private final ServerWebSocketHandshake handshake;
    private final Map<String, List<String>> query;
    private final Semaphore drained = new Semaphore(0);
    private ServerWebSocket socket;
    private volatile boolean closed;

    WebSocketWatch(ServerWebSocketHandshake handshake) {
        this.handshake = handshake;
        this.query = new QueryStringDecoder(handshake.uri()).parameters();
    }

    String path() {
        return handshake.path();
    }

    /** The upgrade request itself, for streams other than watches (exec). */
    ServerWebSocketHandshake handshake() {
        return handshake;
    }

    @Override
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    @Override
    public String header(String name) {
        String v = handshake.headers().get(name);
        return v == null ? "" : v;
    }

    @Override
    public void startStream() {
        try {
            socket = handshake.accept().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return;
        } catch (ExecutionException e) {
            closed = true;
            return;
        }
        socket.closeHandler(v -> {
            closed = true;
            drained.release();
        });
        socket.drainHandler(v -> drained.release());
        // The client sends nothing on a watch; whatever it sends is dropped.
        socket.handler(ignored -> {});
    }

    @Override
    public boolean write(byte[] event) throws InterruptedException {
        if (closed) {
            return false;
        }
        socket.writeTextMessage(new String(event, StandardCharsets.UTF_8));
        while (!closed && socket.writeQueueFull()) {
            drained.tryAcquire(1, TimeUnit.SECONDS);
        }
        return !closed;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void endStream() {
        if (socket != null && !closed) {
            socket.close();
        }
    }

    /** Answers a failure: before the upgrade by refusing it with the Status code, after it by closing. */
    void fail(StatusException e) {
        if (socket == null) {
            handshake.reject(e.code());
        } else {
            endStream();
        }
    }
}
