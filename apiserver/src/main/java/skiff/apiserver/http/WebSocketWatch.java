package skiff.apiserver.http;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import skiff.apiserver.auth.UserInfo;
import skiff.apiserver.authn.Credentials;
import skiff.apiserver.status.StatusException;

/**
 * A watch requested with a WebSocket upgrade, as fabric8 and other clients do by default: each event is one text
 * message (k/k apiserver endpoints/handlers/watch.go HandleWS, text framing for JSON). A failure before the stream
 * starts rejects the upgrade with the Status code. Used from a virtual thread.
 */
final class WebSocketWatch implements RequestParameters, WatchStream {
    private final ServerWebSocketHandshake handshake;
    private final Context loop;
    private final QueryParameters query;
    private final Semaphore drained = new Semaphore(0);
    private ServerWebSocket socket;
    private volatile boolean closed;
    private volatile UserInfo user;

    /** {@code loop}: the event-loop context the upgrade request arrived on. */
    WebSocketWatch(ServerWebSocketHandshake handshake, Context loop) {
        this.handshake = handshake;
        this.loop = loop;
        this.query = QueryParameters.parse(handshake.query());
    }

    String path() {
        return handshake.path();
    }

    /** What the upgrade request presents to authenticate: its Authorization header and TLS client certificates. */
    Credentials credentials() {
        return new Credentials(handshake.headers().get("Authorization"),
                PeerCertificates.of(handshake::peerCertificates));
    }

    /** Who sends the request, as authentication found it; set before the request is routed. */
    UserInfo user() {
        return user;
    }

    void authenticatedAs(UserInfo user) {
        this.user = user;
    }

    /** The Impersonate-* headers, by lower-case name, each with its values one per header line. */
    java.util.Map<String, List<String>> impersonationHeaders() {
        return ImpersonationHeaders.of(handshake.headers());
    }

    /**
     * Accepts the upgrade for a stream the client writes to (exec): accepted and paused on the connection's event
     * loop in one task, so that no frame the client sends right after the upgrade is read before its handler is set.
     */
    ServerWebSocket acceptPaused() throws InterruptedException, ExecutionException {
        CompletableFuture<ServerWebSocket> accepted = new CompletableFuture<>();
        loop.runOnContext(v -> handshake.accept().onSuccess(s -> accepted.complete(s.pause()))
                .onFailure(accepted::completeExceptionally));
        return accepted.get();
    }

    @Override
    public String param(String name) {
        return query.first(name);
    }

    @Override
    public List<String> params(String name) {
        return query.all(name);
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
        try {
            socket.writeTextMessage(new String(event, StandardCharsets.UTF_8));
            while (!closed && socket.writeQueueFull()) {
                drained.tryAcquire(1, TimeUnit.SECONDS);
            }
        } catch (IllegalStateException e) {
            // The client closed the socket between the check above and the write: the watch is over.
            closed = true;
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

    /** Refuses the upgrade with {@code code} (a WebSocket refusal has no body). */
    void reject(int code) {
        handshake.reject(code);
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
