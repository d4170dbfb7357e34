package skiff.apiserver.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamProtocolTest {
    @Test
    void v4IsChosenFromRepeatedOrCommaSeparatedHeaders() {
        assertThat(StreamProtocol.negotiate(List.of("v4.channel.k8s.io", "v3.channel.k8s.io"))).contains(
                "v4.channel.k8s.io");
        assertThat(StreamProtocol.negotiate(List.of("v3.channel.k8s.io, v4.channel.k8s.io"))).contains(
                "v4.channel.k8s.io");
    }

    @Test
    void aClientWithoutV4IsRefused() {
        assertThat(StreamProtocol.negotiate(List.of("v3.channel.k8s.io", "channel.k8s.io"))).isEmpty();
        assertThat(StreamProtocol.negotiate(List.of())).isEmpty();
    }
}
