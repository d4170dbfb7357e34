package skiff.apiserver.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.codec.spdy.SpdyWindowUpdateFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The translator behind a real SPDY/3.1 codec, driven by a client that speaks SPDY through Netty's codec too (so the
 * bytes on the wire, header compression included, are what a SPDY client reads), with a recording kubelet.
 */
class SpdyStreamTranslatorTest {
    private final RecordingKubelet kubelet = new RecordingKubelet();
    private final EmbeddedChannel client = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private int nextStreamId = 1;

    private EmbeddedChannel server(Set<ExecChannel> expected) {
        return new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1),
                new SpdyStreamTranslator(expected, kubelet));
    }

    @Test
    void eachStreamIsAnsweredAndKubeletOutputWaitsUntilTheClientOpenedEveryExpectedStream() {
        EmbeddedChannel server = server(SpdyStreamTranslator.expectedStreams(false, true, true, false));
        SpdyStreamTranslator translator = server.pipeline().get(SpdyStreamTranslator.class);

        int error = open(server, "error");
        int stdout = open(server, "stdout");
        // A short command is over before the client opened its last stream.
        translator.fromKubelet(bytes(1, "early"));
        translator.kubeletClosed();
        assertThat(fromServer(server)).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(SpdySynReplyFrame.class))
                .extracting(f -> ((SpdySynReplyFrame) f).streamId()).containsExactly(error, stdout);
        assertThat(server.isOpen()).isTrue();

        int stderr = open(server, "stderr");

        List<SpdyFrame> frames = fromServer(server);
        assertThat(frames.get(0)).isInstanceOfSatisfying(SpdySynReplyFrame.class,
                r -> assertThat(r.streamId()).isEqualTo(stderr));
        assertThat(data((SpdyDataFrame) frames.get(1))).isEqualTo(stdout + ":early");
        assertThat(frames.getLast()).isInstanceOf(SpdyGoAwayFrame.class);
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void stdinIsRelayedOnChannelZeroAndItsEndClosesTheChannel() {
        EmbeddedChannel server = server(SpdyStreamTranslator.expectedStreams(true, true, true, false));
        int stdin = open(server, "stdin");
        fromServer(server);

        send(server, new DefaultSpdyDataFrame(stdin, text("hello\n")));
        send(server, new DefaultSpdyDataFrame(stdin, Unpooled.EMPTY_BUFFER).setLast(true));

        assertThat(kubelet.sent).containsExactly(bytes(0, "hello\n"), new byte[] {(byte) 255, 0});
        // The data is credited back to the client's send window.
        assertThat(fromServer(server)).singleElement().isInstanceOfSatisfying(SpdyWindowUpdateFrame.class,
                w -> assertThat(w.deltaWindowSize()).isEqualTo(6));
    }

    @Test
    void terminalSizesAreSplitIntoOneMessageEachHoweverTheStreamCutsThem() {
        EmbeddedChannel server = server(SpdyStreamTranslator.expectedStreams(true, true, false, true));
        int resize = open(server, "resize");

        send(server, new DefaultSpdyDataFrame(resize, text("{\"Width\":80,\"Height\":24}\n{\"Width\":1")));
        send(server, new DefaultSpdyDataFrame(resize, text("00,\"Height\":50}\n")));

        assertThat(kubelet.sent).containsExactly(bytes(4, "{\"Width\":80,\"Height\":24}"),
                bytes(4, "{\"Width\":100,\"Height\":50}"));
    }

    @Test
    void kubeletOutputGoesToTheStreamOfItsChannelAndItsEndFinishesEveryStreamAndTheConnection() {
        EmbeddedChannel server = server(SpdyStreamTranslator.expectedStreams(false, true, true, false));
        int error = open(server, "error");
        int stdout = open(server, "stdout");
        int stderr = open(server, "stderr");
        fromServer(server);
        SpdyStreamTranslator translator = server.pipeline().get(SpdyStreamTranslator.class);

        translator.fromKubelet(bytes(1, "out"));
        translator.fromKubelet(bytes(2, "err"));
        translator.fromKubelet(bytes(3, "{\"status\":\"Success\"}"));
        translator.kubeletClosed();

        List<SpdyFrame> frames = fromServer(server);
        assertThat(frames.subList(0, 3)).extracting(f -> data((SpdyDataFrame) f)).containsExactly(
                stdout + ":out", stderr + ":err", error + ":{\"status\":\"Success\"}");
        assertThat(frames.subList(3, 6)).allSatisfy(f -> assertThat(((SpdyDataFrame) f).isLast()).isTrue())
                .extracting(f -> ((SpdyDataFrame) f).streamId()).containsExactlyInAnyOrder(error, stdout, stderr);
        assertThat(frames.get(6)).isInstanceOf(SpdyGoAwayFrame.class);
        assertThat(server.isOpen()).isFalse();
        assertThat(kubelet.closed).isTrue();
    }

    @Test
    void pingsAreAnsweredAndAGoAwayEndsTheExec() {
        EmbeddedChannel server = server(SpdyStreamTranslator.expectedStreams(false, true, false, false));

        send(server, new DefaultSpdyPingFrame(7));
        assertThat(fromServer(server)).singleElement().isInstanceOfSatisfying(SpdyPingFrame.class,
                p -> assertThat(p.id()).isEqualTo(7));

        send(server, new DefaultSpdyGoAwayFrame(0));
        assertThat(kubelet.closed).isTrue();
        assertThat(server.isOpen()).isFalse();
    }

    @Test
    void anUnknownOrRepeatedStreamTypeIsReset() {
        EmbeddedChannel server = server(SpdyStreamTranslator.expectedStreams(false, true, false, false));
        open(server, "error");
        fromServer(server);

        open(server, "error");
        open(server, "portforward");

        assertThat(fromServer(server)).hasSize(2).allSatisfy(f -> assertThat(f).isInstanceOf(SpdyRstStreamFrame.class));
    }

    private int open(EmbeddedChannel server, String streamType) {
        int id = nextStreamId;
        nextStreamId += 2;
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
        syn.headers().set("streamtype", streamType);
        send(server, syn);
        return id;
    }

    /** Encodes a frame as the client would and feeds its bytes to the server. */
    private void send(EmbeddedChannel server, SpdyFrame frame) {
        client.writeOutbound(frame);
        for (ByteBuf bytes = client.readOutbound(); bytes != null; bytes = client.readOutbound()) {
            server.writeInbound(bytes);
        }
    }

    /** Decodes what the server wrote, as the client reads it. */
    private List<SpdyFrame> fromServer(EmbeddedChannel server) {
        for (ByteBuf bytes = server.readOutbound(); bytes != null; bytes = server.readOutbound()) {
            client.writeInbound(bytes);
        }
        List<SpdyFrame> frames = new ArrayList<>();
        for (Object frame = client.readInbound(); frame != null; frame = client.readInbound()) {
            frames.add((SpdyFrame) frame);
        }
        return frames;
    }

    private static String data(SpdyDataFrame frame) {
        return frame.streamId() + ":" + frame.content().toString(StandardCharsets.UTF_8);
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int channel, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[p.length + 1];
        message[0] = (byte) channel;
        System.arraycopy(p, 0, message, 1, p.length);
        return message;
    }

    private static final class RecordingKubelet implements KubeletChannels {
        final List<byte[]> sent = new ArrayList<>();
        boolean closed;

        @Override
        public void send(byte[] message) {
            sent.add(message);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
