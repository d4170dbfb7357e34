package skiff.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Relays one exec between the client's {@code v5.channel.k8s.io} WebSocket and the kubelet's, message for message.
 * The kubelet's socket is taken as soon as it is connected, on its event loop: a short command can be over, and the
 * socket closed, before the client's upgrade is accepted, so what the kubelet sends until then, and its close, are
 * held for the client. The two sockets call back on different event loops; every entry point is synchronized.
 * A client's text message is relayed as a binary one with the same bytes (k/k staging/src/k8s.io/apimachinery
 * pkg/util/httpstream/wsstream/conn.go (1.32) handle: a message's payload is read whatever its frame type, and in the
 * channel protocols its first byte names the stream).
 */
final class WebSocketExecBridge {
    private final List<Buffer> early = new ArrayList<>();
    private WebSocket kubelet;
    private ServerWebSocket client;
    private boolean kubeletClosed;

    synchronized WebSocket kubelet(WebSocket socket) {
        this.kubelet = socket;
        socket.binaryMessageHandler(this::fromKubelet);
        socket.closeHandler(v -> kubeletClosed());
        return socket;
    }

    /** Serves the accepted, paused client socket: what the kubelet sent meanwhile goes first. */
    synchronized void client(ServerWebSocket socket) {
        this.client = socket;
        socket.binaryMessageHandler(message -> kubelet.writeBinaryMessage(message.copy()));
        socket.textMessageHandler(text -> kubelet.writeBinaryMessage(Buffer.buffer(text, "UTF-8")));
        socket.closeHandler(v -> kubelet.close());
        early.forEach(socket::writeBinaryMessage);
        early.clear();
        if (kubeletClosed) {
            socket.close((short) 1000);
        }
        socket.resume();
    }

    private synchronized void fromKubelet(Buffer message) {
        if (client == null) {
            early.add(message.copy());
        } else {
            client.writeBinaryMessage(message.copy());
        }
    }

    private synchronized void kubeletClosed() {
        if (client == null) {
            kubeletClosed = true;
        } else {
            client.close((short) 1000);
        }
    }
}
