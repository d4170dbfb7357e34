package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which node IP the server's kubelet registers: the given one, else by runtime. */
class NodeIpTest {
    private final AtomicInteger primaryAsked = new AtomicInteger();

    private String primary() {
        primaryAsked.incrementAndGet();
        return "192.0.2.5";
    }

    @Test
    void runcWithoutAGivenAddressTakesThePrimaryAddress() {
        assertThat(NodeIp.choose(null, true, this::primary)).isEqualTo("192.0.2.5");
    }

    @Test
    void theProcessRuntimeWithoutAGivenAddressKeepsLoopback() {
        assertThat(NodeIp.choose(null, false, this::primary)).isEqualTo("127.0.0.1");
        assertThat(primaryAsked).hasValue(0);
    }

    @Test
    void aGivenAddressWinsForEitherRuntime() {
        assertThat(NodeIp.choose("198.51.100.3", true, this::primary)).isEqualTo("198.51.100.3");
        assertThat(NodeIp.choose("198.51.100.3", false, this::primary)).isEqualTo("198.51.100.3");
        assertThat(NodeIp.choose("127.0.0.1", true, this::primary)).isEqualTo("127.0.0.1");
        assertThat(primaryAsked).hasValue(0);
    }
}
