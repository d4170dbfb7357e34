package skiff.apiserver.spdy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import java.util.function.Consumer;

/**
 * One {@code kubectl port-forward} session in SPDY/3.1: over an upgraded connection (kubectl 1.27-1.30, and newer
 * ones falling back), or tunnelled in the binary messages of a WebSocket with the {@code SPDY/3.1+portforward.k8s.io}
 * subprotocol (kubectl 1.31+, k/k client-go tools/portforward tunneling_dialer.go). Each pair of streams becomes one
 * connection to the pod's port through the kubelet ({@link PortForwardStream.Dialer}).
 *
 * <p>As for exec, Netty's SPDY codec runs in an {@link EmbeddedChannel} of its own; the client's socket and the
 * kubelet's WebSockets call back on different event loops, so every entry point is synchronized.
 */
public final class SpdyPortForwardConnection {
    public static final String PROTOCOL = "portforward.k8s.io";
    public static final String TUNNEL_PROTOCOL = "SPDY/3.1+portforward.k8s.io";

    private final PortForwardStream.Dialer dialer;
    private final PortForwardTranslator translator;
    private final EmbeddedChannel channel;
    private Consumer<Buffer> out;
    private Runnable closeClient;

    public SpdyPortForwardConnection(PortForwardStream.Dialer dialer) {
        this.dialer = dialer;
        this.translator = new PortForwardTranslator(this::open);
        this.channel = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), translator);
    }

    /** Serves the upgraded, paused connection of a SPDY upgrade. */
    public synchronized void serve(NetSocket socket) {
        this.out = socket::write;
        this.closeClient = socket::close;
        socket.handler(bytes -> fromClient(bytes.getBytes()));
        socket.closeHandler(v -> clientClosed());
        socket.resume();
    }

    /** Serves the accepted, paused WebSocket of the tunnelling protocol: SPDY bytes in its binary messages. */
    public synchronized void serve(ServerWebSocket socket) {
        this.out = socket::writeBinaryMessage;
        this.closeClient = () -> socket.close((short) 1000);
        socket.binaryMessageHandler(bytes -> fromClient(bytes.getBytes()));
        socket.closeHandler(v -> clientClosed());
        socket.resume();
    }

    private PortForwardStream open(int port, PortForwardTranslator.Pair pair) {
        return dialer.connect(port, new PortForwardStream.Events() {
            @Override
            public void data(byte[] bytes) {
                kubeletData(pair, bytes);
            }

            @Override
            public void error(String message) {
                kubeletError(pair, message);
            }

            @Override
            public void closed() {
                kubeletClosed(pair);
            }
        });
    }

    private synchronized void fromClient(byte[] bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            flush();
        }
    }

    private synchronized void kubeletData(PortForwardTranslator.Pair pair, byte[] bytes) {
        if (channel.isOpen()) {
            translator.kubeletData(pair, bytes);
            flush();
        }
    }

    private synchronized void kubeletError(PortForwardTranslator.Pair pair, String message) {
        if (channel.isOpen()) {
            translator.kubeletError(pair, message);
            flush();
        }
    }

    private synchronized void kubeletClosed(PortForwardTranslator.Pair pair) {
        if (channel.isOpen()) {
            translator.kubeletClosed(pair);
            flush();
        }
    }

    private synchronized void clientClosed() {
        if (channel.isOpen()) {
            translator.close();
        }
        channel.close();
        channel.releaseInbound();
        channel.releaseOutbound();
    }

    private void flush() {
        channel.releaseInbound();
        for (ByteBuf bytes = channel.readOutbound(); bytes != null; bytes = channel.readOutbound()) {
            try {
                out.accept(Buffer.buffer(ByteBufUtil.getBytes(bytes)));
            } finally {
                bytes.release();
            }
        }
        if (!channel.isOpen()) {
            closeClient.run();
        }
    }
}
