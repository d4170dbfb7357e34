package skiff.apiserver.spdy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.net.NetSocket;

/**
 * One {@code kubectl exec} over SPDY/3.1 (kubectl 1.27-1.29), after the API server's 101: the client's frames are
 * translated to the kubelet's channel protocol WebSocket and back.
 *
 * <p>Netty's SPDY codec does the framing and header compression. Vert.x hands over the upgraded connection as a
 * {@link NetSocket} and keeps its Netty pipeline private, so the codec runs in an {@link EmbeddedChannel} of its own:
 * bytes read from the socket are written into that channel, and the bytes it produces are written to the socket.
 * An embedded channel is not thread-safe, and the socket and the kubelet's WebSocket call back on different event
 * loops, so every entry point is synchronized.
 */
public final class SpdyExecConnection {
    private final NetSocket client;
    private final WebSocket kubelet;
    private final SpdyStreamTranslator translator;
    private final EmbeddedChannel channel;

    private SpdyExecConnection(NetSocket client, WebSocket kubelet, ExecStreams streams) {
        this.client = client;
        this.kubelet = kubelet;
        this.translator = new SpdyStreamTranslator(SpdyStreamTranslator.expectedStreams(streams.stdin(),
                streams.stdout(), streams.stderr(), streams.tty()), new Kubelet());
        this.channel = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), translator);
    }

    /** Which streams the exec request asked for (its stdin, stdout, stderr and tty parameters). */
    public record ExecStreams(boolean stdin, boolean stdout, boolean stderr, boolean tty) {}

    /**
     * Serves the exec on an upgraded, paused client connection and a connected, paused kubelet WebSocket; returns at
     * once, the rest happens on their event loops.
     */
    public static void serve(NetSocket client, WebSocket kubelet, ExecStreams streams) {
        SpdyExecConnection connection = new SpdyExecConnection(client, kubelet, streams);
        client.handler(connection::fromClient);
        client.closeHandler(v -> connection.clientClosed());
        kubelet.binaryMessageHandler(message -> connection.fromKubelet(message.getBytes()));
        kubelet.closeHandler(v -> connection.kubeletClosed());
        kubelet.resume();
        client.resume();
    }

    private synchronized void fromClient(Buffer bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes()));
            flush();
        }
    }

    private synchronized void fromKubelet(byte[] message) {
        if (channel.isOpen()) {
            translator.fromKubelet(message);
            flush();
        }
    }

    private synchronized void kubeletClosed() {
        if (channel.isOpen()) {
            translator.kubeletClosed();
            flush();
        }
    }

    private synchronized void clientClosed() {
        kubelet.close();
        channel.close();
        channel.releaseInbound();
        channel.releaseOutbound();
    }

    /** Writes what the codec encoded to the client; closes the client once the translator closed the channel. */
    private void flush() {
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            try {
                client.write(Buffer.buffer(ByteBufUtil.getBytes(out)));
            } finally {
                out.release();
            }
        }
        channel.releaseInbound();
        if (!channel.isOpen()) {
            client.close();
        }
    }

    private final class Kubelet implements KubeletChannels {
        @Override
        public void send(byte[] message) {
            kubelet.writeBinaryMessage(Buffer.buffer(message));
        }

        @Override
        public void close() {
            if (!kubelet.isClosed()) {
                kubelet.close();
            }
        }
    }
}
