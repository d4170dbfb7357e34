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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates one exec between kubectl's SPDY/3.1 streams (client-go tools/remotecommand v2-v4: the client opens one
 * stream per channel, named by its {@code streamtype} header) and the kubelet's channel protocol (one message per
 * write, the channel in the first byte). k/k apiserver util/proxy/streamtranslator.go does the same in the other
 * direction. Sits behind Netty's SPDY frame codec; not thread-safe, its owner serialises every call.
 *
 * <p>Flow control: every DATA frame the client sends is credited back at once with a WINDOW_UPDATE. Frames to the
 * client are not held back by its window: client-go's spdystream never sends WINDOW_UPDATE, so a sender that waited
 * for one would stall after the first 64 KiB, and kube-apiserver and the kubelet do not wait either.
 */
final class SpdyStreamTranslator extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyStreamTranslator.class);
    private static final String STREAM_TYPE = "streamtype";

    private final Set<ExecChannel> expected;
    private final KubeletChannels kubelet;
    private final Map<ExecChannel, Integer> streams = new EnumMap<>(ExecChannel.class);
    private final Set<ExecChannel> finished = EnumSet.noneOf(ExecChannel.class);
    private final JsonLines resizes = new JsonLines();
    private final List<byte[]> early = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private int lastStreamId;
    private boolean started;
    private boolean kubeletEnded;

    /**
     * {@code expected}: the streams the client opens for this exec. The kubelet runs the command at once, so what it
     * sends before the client has opened them all (a short command may be over by then) is held until they are, as the
     * kubelet's own SPDY server waits for every stream before it starts (k/k cri/streaming/remotecommand
     * httpstream.go waitStreamReply).
     */
    SpdyStreamTranslator(Set<ExecChannel> expected, KubeletChannels kubelet) {
        this.expected = EnumSet.copyOf(expected);
        this.kubelet = kubelet;
    }

    /** The streams client-go opens (v2 createStreams and v3's resize): error always, stderr only without a TTY. */
    static Set<ExecChannel> expectedStreams(boolean stdin, boolean stdout, boolean stderr, boolean tty) {
        Set<ExecChannel> streams = EnumSet.of(ExecChannel.ERROR);
        if (stdin) {
            streams.add(ExecChannel.STDIN);
        }
        if (stdout) {
            streams.add(ExecChannel.STDOUT);
        }
        if (stderr && !tty) {
            streams.add(ExecChannel.STDERR);
        }
        if (tty) {
            streams.add(ExecChannel.RESIZE);
        }
        return streams;
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
                case SpdyDataFrame data -> received(data);
                case SpdyPingFrame ping -> ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id()));
                case SpdyRstStreamFrame reset -> channelOf(reset.streamId())
                        .filter(ExecChannel.STDIN::equals).ifPresent(stdin -> kubelet.send(stdin.closeMessage()));
                case SpdyGoAwayFrame goAway -> close();
                default -> { } // SETTINGS, WINDOW_UPDATE and HEADERS change nothing here.
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.info("closing an exec after a SPDY protocol error: {}", cause.getMessage());
        close();
    }

    private void opened(SpdySynStreamFrame syn) {
        int id = syn.streamId();
        lastStreamId = Math.max(lastStreamId, id);
        Optional<ExecChannel> channel = ExecChannel.forStreamType(syn.headers().getAsString(STREAM_TYPE));
        if (channel.isEmpty() || streams.containsKey(channel.get())) {
            ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        streams.put(channel.get(), id);
        // Netty leaves out the header block of a frame without headers, which SPDY/3 requires and Go's framer fails
        // to read; the reply names its stream type, a header client-go ignores.
        SpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
        reply.headers().set(STREAM_TYPE, syn.headers().getAsString(STREAM_TYPE));
        ctx.writeAndFlush(reply);
        if (syn.isLast()) {
            clientFinished(channel.get());
        }
        if (!started && streams.keySet().containsAll(expected)) {
            started = true;
            early.forEach(this::fromKubelet);
            early.clear();
            if (kubeletEnded) {
                kubeletClosed();
            }
        }
    }

    private void received(SpdyDataFrame data) {
        Optional<ExecChannel> channel = channelOf(data.streamId());
        if (channel.isEmpty()) {
            return;
        }
        byte[] bytes = ByteBufUtil.getBytes(data.content());
        if (bytes.length > 0) {
            ctx.writeAndFlush(new DefaultSpdyWindowUpdateFrame(data.streamId(), bytes.length));
            switch (channel.get()) {
                case STDIN -> kubelet.send(ExecChannel.STDIN.message(bytes));
                case RESIZE -> resizes.add(bytes).forEach(size -> kubelet.send(ExecChannel.RESIZE.message(size)));
                default -> { } // stdout, stderr and error only flow to the client.
            }
        }
        if (data.isLast()) {
            clientFinished(channel.get());
        }
    }

    /** The client's half-close of a stream: for stdin, the end of the command's input. */
    private void clientFinished(ExecChannel channel) {
        if (channel == ExecChannel.STDIN) {
            kubelet.send(ExecChannel.STDIN.closeMessage());
        }
    }

    /** One channel message from the kubelet: output for the client's stream, or the close of a channel. */
    void fromKubelet(byte[] message) {
        if (!started) {
            early.add(message);
            return;
        }
        if (message.length == 0) {
            return;
        }
        int id = message[0] & 0xff;
        if (id == ExecChannel.CLOSE) {
            if (message.length > 1) {
                ExecChannel.forId(message[1] & 0xff).ifPresent(this::finish);
            }
            ctx.flush();
            return;
        }
        ExecChannel.forId(id).ifPresent(channel -> {
            Integer stream = streams.get(channel);
            if (stream != null && !finished.contains(channel) && message.length > 1) {
                ctx.writeAndFlush(new DefaultSpdyDataFrame(stream,
                        Unpooled.wrappedBuffer(message, 1, message.length - 1)));
            }
        });
    }

    /**
     * The kubelet ended the exec (after its Status on the error channel): every stream is finished, then the
     * connection, as the kubelet's own SPDY server closes it once the command is done.
     */
    void kubeletClosed() {
        if (!started) {
            kubeletEnded = true;
            return;
        }
        streams.keySet().forEach(this::finish);
        close();
    }

    private void finish(ExecChannel channel) {
        Integer stream = streams.get(channel);
        if (stream != null && finished.add(channel)) {
            ctx.write(new DefaultSpdyDataFrame(stream, Unpooled.EMPTY_BUFFER).setLast(true));
        }
    }

    private void close() {
        kubelet.close();
        if (ctx.channel().isOpen()) {
            ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(lastStreamId));
            ctx.close();
        }
    }

    private Optional<ExecChannel> channelOf(int streamId) {
        return streams.entrySet().stream().filter(e -> e.getValue() == streamId).map(Map.Entry::getKey).findFirst();
    }
}
