package skiff.apiserver.spdy;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.DefaultSpdyWindowUpdateFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves kubectl's port-forward SPDY/3.1 streams (client-go tools/portforward, protocol {@code portforward.k8s.io}):
 * for each local connection the client opens an error stream and a data stream carrying the same {@code port} and
 * {@code requestID} headers; once both are open the pod's port is dialled through the kubelet, bytes flow on the data
 * stream both ways, and the kubelet's error text goes on the error stream (k/k pkg/kubelet/cri/streaming/portforward
 * httpstream.go). When the pod's connection ends both streams are finished. Sits behind Netty's SPDY frame codec;
 * not thread-safe, its owner serialises every call.
 */
final class PortForwardTranslator extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(PortForwardTranslator.class);

    /** Opens the kubelet's connection for a pair; the connection reports its events for that pair. */
    interface Opener {
        PortForwardStream open(int port, Pair pair);
    }

    /** The two streams of one forwarded connection. */
    static final class Pair {
        private final String key;
        private String port = "";
        private Integer data;
        private Integer error;
        private PortForwardStream kubelet;
        private boolean finished;

        private Pair(String key) {
            this.key = key;
        }
    }

    private final Opener opener;
    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<Integer, Pair> byStream = new HashMap<>();
    private ChannelHandlerContext ctx;
    private int lastStreamId;

    PortForwardTranslator(Opener opener) {
        this.opener = opener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            switch (msg) {
                case SpdySynStreamFrame syn -> opened(syn);
                case SpdyDataFrame frame -> received(frame);
                case SpdyPingFrame ping -> ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
                case SpdyRstStreamFrame reset -> reset(reset.streamId());
                case SpdyGoAwayFrame goAway -> close();
                default -> { } // SETTINGS, WINDOW_UPDATE and HEADERS change nothing here.
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("closing a port-forward after a SPDY protocol error: {}", cause.getMessage());
        close();
    }

    private void opened(SpdySynStreamFrame syn) {
        int id = syn.streamId();
        lastStreamId = Math.max(lastStreamId, id);
        String type = header(syn, "streamtype");
        String port = header(syn, "port");
        // kubectl always names the pair; without a requestID the port pairs the streams, as old clients did.
        String requestId = header(syn, "requestid");
        if (!type.equals("data") && !type.equals("error")) {
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        Pair pair = pairs.computeIfAbsent(requestId.isEmpty() ? "port:" + port : requestId, Pair::new);
        if (type.equals("data") ? pair.data != null : pair.error != null) {
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        if (type.equals("data")) {
            pair.data = id;
        } else {
            pair.error = id;
        }
        pair.port = port;
        byStream.put(id, pair);
        // Netty leaves out the header block of a frame without headers, which Go's framer fails to read.
        SpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
        reply.headers().set("streamtype", type);
        ctx.writeAndFlush(reply);
        if (pair.data != null && pair.error != null && pair.kubelet == null) {
            start(pair);
        }
    }

    private void start(Pair pair) {
        int port;
        try {
            port = Integer.parseInt(pair.port);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            kubeletError(pair, "invalid port \"" + pair.port + "\": it must be between 1 and 65535");
            kubeletClosed(pair);
            return;
        }
        pair.kubelet = opener.open(port, pair);
    }

    private void received(SpdyDataFrame frame) {
        Pair pair = byStream.get(frame.streamId());
        if (pair == null) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(frame.content());
        if (bytes.length > 0) {
            ctx.writeAndFlush(new DefaultSpdyWindowUpdateFrame(frame.streamId(), bytes.length));
        }
        if (pair.kubelet == null || frame.streamId() != pair.data) {
            return;
        }
        if (bytes.length > 0) {
            pair.kubelet.send(bytes);
        }
        if (frame.isLast()) {
            pair.kubelet.closeWrite();
        }
    }

    /** client-go resets a pair's streams once it is done with the connection. */
    private void reset(int streamId) {
        Pair pair = byStream.remove(streamId);
        if (pair == null) {
            return;
        }
        pair.finished = true;
        if (pair.kubelet != null) {
            pair.kubelet.close();
        }
        if (!byStream.containsValue(pair)) {
            pairs.remove(pair.key);
        }
    }

    void kubeletData(Pair pair, byte[] bytes) {
        if (!pair.finished && pair.data != null && byStream.containsKey(pair.data)) {
            ctx.writeAndFlush(new DefaultSpdyDataFrame(pair.data, Unpooled.wrappedBuffer(bytes)));
        }
    }

    void kubeletError(Pair pair, String message) {
        if (!pair.finished && pair.error != null && byStream.containsKey(pair.error)) {
            ctx.writeAndFlush(new DefaultSpdyDataFrame(pair.error,
                    Unpooled.wrappedBuffer(message.getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** The pod's connection ended: both streams are finished, which ends the client's copy of this connection. */
    void kubeletClosed(Pair pair) {
        if (pair.finished) {
            return;
        }
        pair.finished = true;
        for (Integer stream : List.of(pair.data, pair.error)) {
            if (byStream.containsKey(stream)) {
                ctx.write(new DefaultSpdyDataFrame(stream, Unpooled.EMPTY_BUFFER).setLast(true));
            }
        }
        ctx.flush();
    }

    /** Ends every forwarded connection and the SPDY connection. */
    void close() {
        for (Pair pair : pairs.values()) {
            pair.finished = true;
            if (pair.kubelet != null) {
                pair.kubelet.close();
            }
        }
        pairs.clear();
        byStream.clear();
        if (ctx.channel().isOpen()) {
            ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(lastStreamId));
            ctx.close();
        }
    }

    private static String header(SpdySynStreamFrame syn, String name) {
        String value = syn.headers().getAsString(name);
        return value == null ? "" : value.strip();
    }
}
