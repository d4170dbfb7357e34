package skiff.kubelet.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamChannelTest {

    @Test
    void aFrameIsTheChannelByteThenThePayload() {
        byte[] frame = StreamChannel.STDERR.frame("oops".getBytes(StandardCharsets.UTF_8));

        assertThat(frame).containsExactly(2, 'o', 'o', 'p', 's');
    }

    @Test
    void aFrameCanCarryPartOfABuffer() {
        assertThat(StreamChannel.STDOUT.frame("xhiy".getBytes(StandardCharsets.UTF_8), 1, 2))
                .containsExactly(1, 'h', 'i');
    }

    @Test
    void receivedMessagesAreSplitIntoChannelAndPayload() {
        StreamChannel.Message stdin = StreamChannel.parse(new byte[] {0, 'a', 'b'}).orElseThrow();
        StreamChannel.Message close = StreamChannel.parse(new byte[] {(byte) 255, 0}).orElseThrow();
        StreamChannel.Message resize = StreamChannel.parse(
                "\u0004{\"Width\":80,\"Height\":24}".getBytes(StandardCharsets.UTF_8)).orElseThrow();

        assertThat(stdin.channel()).isEqualTo(StreamChannel.STDIN);
        assertThat(stdin.payload()).containsExactly('a', 'b');
        assertThat(close.channel()).isEqualTo(StreamChannel.CLOSE);
        assertThat(close.payload()).containsExactly(0);
        assertThat(resize.channel()).isEqualTo(StreamChannel.RESIZE);
        assertThat(new String(resize.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"Width\":80,\"Height\":24}");
    }

    @Test
    void emptyMessagesAndUnknownChannelsAreIgnored() {
        assertThat(StreamChannel.parse(new byte[0])).isEmpty();
        assertThat(StreamChannel.parse(new byte[] {9, 'x'})).isEmpty();
    }

    @Test
    void theExitStatusesAreTheOnesKubectlReads() {
        assertThat(ExecSession.success().toString()).isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
        assertThat(ExecSession.nonZeroExit(3).path("reason").asString()).isEqualTo("NonZeroExitCode");
        assertThat(ExecSession.nonZeroExit(3).path("details").path("causes").get(0).toString())
                .isEqualTo("{\"reason\":\"ExitCode\",\"message\":\"3\"}");
    }
}
