package skiff.apiserver.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The port-forward translator behind a real SPDY/3.1 codec, driven by a client speaking SPDY through Netty's codec
 * (as client-go's spdystream does: an error and a data stream per connection, paired by requestID), with recording
 * kubelet connections.
 */
class PortForwardTranslatorTest {
    private final EmbeddedChannel client = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final Map<Integer, Recording> opened = new HashMap<>();
    private final Map<Integer, PortForwardTranslator.Pair> pairs = new HashMap<>();
    private final EmbeddedChannel server = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1),
            new PortForwardTranslator((port, pair) -> {
                Recording stream = new Recording();
                opened.put(port, stream);
                pairs.put(port, pair);
                return stream;
            }));
    private final PortForwardTranslator translator = server.pipeline().get(PortForwardTranslator.class);
    private int nextStreamId = 1;

    @Test
    void aPairOfStreamsOpensOneConnectionAndDataFlowsBothWays() {
        int error = open("error", "8080", "0");
        assertThat(opened).isEmpty();
        int data = open("data", "8080", "0");
        assertThat(fromServer()).extracting(f -> ((SpdySynReplyFrame) f).streamId()).containsExactly(error, data);
        assertThat(opened).containsOnlyKeys(8080);

        send(new DefaultSpdyDataFrame(data, text("GET /")));
        send(new DefaultSpdyDataFrame(data, Unpooled.EMPTY_BUFFER).setLast(true));
        assertThat(opened.get(8080).sent).containsExactly("GET /");
        assertThat(opened.get(8080).writeClosed).isTrue();

        translator.kubeletData(pairs.get(8080), "200 OK".getBytes(StandardCharsets.UTF_8));
        translator.kubeletClosed(pairs.get(8080));
        List<SpdyFrame> frames = fromServer();
        assertThat(frames.stream().filter(SpdyDataFrame.class::isInstance).map(f -> describe((SpdyDataFrame) f)))
                .containsExactly(data + ":200 OK", data + ":<fin>", error + ":<fin>");
    }

    @Test
    void twoConnectionsToOnePortAreKeptApartByTheirRequestIds() {
        open("error", "80", "0");
        int firstData = open("data", "80", "0");
        Recording first = opened.get(80);
        PortForwardTranslator.Pair firstPair = pairs.get(80);
        open("error", "80", "1");
        int secondData = open("data", "80", "1");
        fromServer();

        assertThat(opened.get(80)).isNotSameAs(first);
        translator.kubeletData(firstPair, "one".getBytes(StandardCharsets.UTF_8));
        translator.kubeletData(pairs.get(80), "two".getBytes(StandardCharsets.UTF_8));
        assertThat(fromServer().stream().map(f -> describe((SpdyDataFrame) f)))
                .containsExactly(firstData + ":one", secondData + ":two");
    }

    @Test
    void theKubeletsErrorGoesOnTheErrorStream() {
        int error = open("error", "9", "0");
        open("data", "9", "0");
        fromServer();

        translator.kubeletError(pairs.get(9), "error forwarding port 9 to pod p: connection refused");
        translator.kubeletClosed(pairs.get(9));

        assertThat(fromServer().stream().map(f -> describe((SpdyDataFrame) f)))
                .startsWith(error + ":error forwarding port 9 to pod p: connection refused");
    }

    @Test
    void anInvalidPortIsAnErrorWithoutAConnection() {
        int error = open("error", "http", "0");
        open("data", "http", "0");

        assertThat(opened).isEmpty();
        assertThat(fromServer().stream().filter(SpdyDataFrame.class::isInstance)
                .map(f -> describe((SpdyDataFrame) f)).findFirst())
                .contains(error + ":invalid port \"http\": it must be between 1 and 65535");
    }

    @Test
    void theClientsResetClosesTheConnection() {
        int error = open("error", "8080", "0");
        open("data", "8080", "0");

        send(new DefaultSpdyRstStreamFrame(error, SpdyStreamStatus.CANCEL));

        assertThat(opened.get(8080).closed).isTrue();
    }

    private int open(String type, String port, String requestId) {
        int id = nextStreamId;
        nextStreamId += 2;
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
        syn.headers().set("streamtype", type).set("port", port).set("requestid", requestId);
        send(syn);
        return id;
    }

    private void send(SpdyFrame frame) {
        client.writeOutbound(frame);
        for (ByteBuf bytes = client.readOutbound(); bytes != null; bytes = client.readOutbound()) {
            server.writeInbound(bytes);
        }
    }

    private List<SpdyFrame> fromServer() {
        for (ByteBuf bytes = server.readOutbound(); bytes != null; bytes = server.readOutbound()) {
            client.writeInbound(bytes);
        }
        List<SpdyFrame> frames = new ArrayList<>();
        for (Object frame = client.readInbound(); frame != null; frame = client.readInbound()) {
            frames.add((SpdyFrame) frame);
        }
        return frames;
    }

    private static String describe(SpdyDataFrame frame) {
        return frame.streamId() + ":" + (frame.isLast() && frame.content().readableBytes() == 0 ? "<fin>"
                : frame.content().toString(StandardCharsets.UTF_8));
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static final class Recording implements PortForwardStream {
        final List<String> sent = new ArrayList<>();
        boolean writeClosed;
        boolean closed;

        @Override
        public void send(byte[] data) {
            sent.add(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void closeWrite() {
            writeClosed = true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
