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
 * One {@code kubectl exec} over SPDY/3.1 (kubectl 1.27-1.29): the client's frames are translated to the kubelet's
 * channel protocol WebSocket and back.
 *
 * <p>Netty's SPDY codec does the framing and header compression. Vert.x hands over the upgraded connection as a
 * {@link NetSocket} and keeps its Netty pipeline private, so the codec runs in an {@link EmbeddedChannel} of its own:
 * bytes read from the socket are written into that channel, and the bytes it produces are written to the socket.
 * An embedded channel is not thread-safe, and the socket and the kubelet's WebSocket call back on different event
 * loops, so every entry point is synchronized.
 *
 * <p>The kubelet's WebSocket is taken first, as soon as it is connected: a short command can be over, and the socket
 * closed, before the client's upgrade is answered, and what the kubelet sent meanwhile is held by the translator.
 */
public final class SpdyExecConnection {
    private final SpdyStreamTranslator translator;
    private final EmbeddedChannel channel;
    private WebSocket kubelet;
    private NetSocket client;

    /** Which streams the exec request asked for (its stdin, stdout, stderr and tty parameters). */
    public record ExecStreams(boolean stdin, boolean stdout, boolean stderr, boolean tty) {}

    public SpdyExecConnection(ExecStreams streams) {
        this.translator = new SpdyStreamTranslator(SpdyStreamTranslator.expectedStreams(streams.stdin(),
                streams.stdout(), streams.stderr(), streams.tty()), new Kubelet());
        this.channel = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1), translator);
    }

    /**
     * Takes the kubelet's exec WebSocket when its connection completes, on its event loop, before it can deliver a
     * message.
     */
    public synchronized WebSocket kubelet(WebSocket socket) {
        this.kubelet = socket;
        socket.binaryMessageHandler(message -> fromKubelet(message.getBytes()));
        socket.closeHandler(v -> kubeletClosed());
        socket.drainHandler(v -> resumeClient());
        return socket;
    }

    /** Serves the exec on the upgraded, paused client connection; the rest happens on the event loops. */
    public synchronized void serve(NetSocket socket) {
        this.client = socket;
        socket.handler(this::fromClient);
        socket.closeHandler(v -> clientClosed());
        // Backpressure both ways: a side whose write queue is full stops the other from reading until it drains.
        socket.drainHandler(v -> kubelet.resume());
        flush();
        socket.resume();
    }

    private synchronized void fromClient(Buffer bytes) {
        if (channel.isOpen()) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes()));
            flush();
            if (!kubelet.isClosed() && kubelet.writeQueueFull()) {
                client.pause();
            }
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
        if (!kubelet.isClosed()) {
            kubelet.close();
        }
        channel.close();
        channel.releaseInbound();
        channel.releaseOutbound();
    }

    private synchronized void resumeClient() {
        if (client != null) {
            client.resume();
        }
    }

    /** Writes what the codec encoded to the client; closes the client once the translator closed the channel. */
    private void flush() {
        channel.releaseInbound();
        if (client == null) {
            return;
        }
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            try {
                client.write(Buffer.buffer(ByteBufUtil.getBytes(out)));
            } finally {
                out.release();
            }
        }
        if (!channel.isOpen()) {
            client.close();
        } else if (client.writeQueueFull() && !kubelet.isClosed()) {
            kubelet.pause();
        }
    }

    private final class Kubelet implements KubeletChannels {
        @Override
        public void send(byte[] message) {
            if (!kubelet.isClosed()) {
                kubelet.writeBinaryMessage(Buffer.buffer(message));
            }
        }

        @Override
        public void close() {
            if (!kubelet.isClosed()) {
                kubelet.close();
            }
        }
    }
}
