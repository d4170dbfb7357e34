package skiff.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import skiff.apiserver.kubelet.KubeletConnections;
import skiff.apiserver.kubelet.KubeletEndpoint;
import skiff.apiserver.spdy.PortForwardStream;

/**
 * One forwarded connection through the kubelet's {@code /portForward/NS/POD?ports=PORT} WebSocket: channel 0 the data,
 * channel 1 the error text, the first message of each the port number (k/k kubelet portforward websocket.go), and
 * {@code [255, 0]} when the client has sent everything. What is sent before the socket is connected is held.
 */
final class KubeletPortForward implements PortForwardStream {
    private static final int DATA = 0;
    private static final int ERROR = 1;
    private static final byte[] CLOSE_DATA = {(byte) 255, DATA};

    private final PortForwardStream.Events events;
    private final List<byte[]> pending = new ArrayList<>();
    private final boolean[] portSeen = new boolean[2];
    private WebSocket socket;
    private boolean closed;

    private KubeletPortForward(PortForwardStream.Events events) {
        this.events = events;
    }

    static KubeletPortForward connect(KubeletConnections kubelets, KubeletEndpoint endpoint, String namespace,
            String pod, int port, PortForwardStream.Events events) {
        KubeletPortForward stream = new KubeletPortForward(events);
        kubelets.webSocket(endpoint).connect(new WebSocketConnectOptions().setHost(endpoint.host())
                        .setPort(endpoint.port()).setSsl(true)
                        .setURI("/portForward/" + namespace + "/" + pod + "?ports=" + port)
                        .setSubProtocols(List.of(PodExecHandler.PROTOCOL)))
                .onSuccess(stream::connected)
                .onFailure(e -> {
                    events.error("error forwarding port " + port + " to pod " + pod + ": " + e.getMessage());
                    events.closed();
                });
        return stream;
    }

    private synchronized void connected(WebSocket ws) {
        this.socket = ws;
        ws.binaryMessageHandler(this::received);
        ws.closeHandler(v -> events.closed());
        if (closed) {
            ws.close();
            return;
        }
        pending.forEach(message -> ws.writeBinaryMessage(Buffer.buffer(message)));
        pending.clear();
    }

    private void received(Buffer message) {
        byte[] bytes = message.getBytes();
        if (bytes.length == 0 || (bytes[0] != DATA && bytes[0] != ERROR)) {
            return;
        }
        int channel = bytes[0];
        if (!portSeen[channel]) {
            portSeen[channel] = true;
            return;
        }
        byte[] payload = Arrays.copyOfRange(bytes, 1, bytes.length);
        if (channel == DATA) {
            events.data(payload);
        } else {
            events.error(new String(payload, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void send(byte[] data) {
        byte[] message = new byte[data.length + 1];
        message[0] = DATA;
        System.arraycopy(data, 0, message, 1, data.length);
        write(message);
    }

    @Override
    public void closeWrite() {
        write(CLOSE_DATA);
    }

    private synchronized void write(byte[] message) {
        if (closed) {
            return;
        }
        if (socket == null) {
            pending.add(message);
        } else if (!socket.isClosed()) {
            socket.writeBinaryMessage(Buffer.buffer(message));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (socket != null && !socket.isClosed()) {
            socket.close();
        }
    }
}
