package skiff.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A taken port is reported in one line that names the port and the flag that moves it. */
class PortUnavailableExceptionTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aBindFailureAnywhereInTheCausesNamesThePortAndItsFlag() {
        RuntimeException failure = new IllegalStateException("start failed",
                new BindException("bind(..) failed: Address already in use"));

        assertThat(PortUnavailableException.of(failure, 10250, PortUnavailableException.Listener.KUBELET))
                .hasValueSatisfying(e -> assertThat(e).hasMessage(
                        "port 10250 (--kubelet-port) is already in use; choose another with --kubelet-port"));
        assertThat(PortUnavailableException.of(new IllegalStateException("no"), 1,
                PortUnavailableException.Listener.API_SERVER)).isEmpty();
    }

    @Test
    void aPortThatMayNotBeUsedSaysWhy() {
        RuntimeException failure = new IllegalStateException(new BindException("Permission denied"));

        assertThat(PortUnavailableException.of(failure, 53, PortUnavailableException.Listener.CLUSTER_DNS))
                .hasValueSatisfying(e -> assertThat(e).hasMessage(
                        "port 53 (--dns-port) cannot be used: permission denied; choose another with --dns-port"));
    }

    @Test
    void aTakenTcpOrUdpPortFailsTheCheckAndAFreeOnePassesIt() throws Exception {
        try (ServerSocket tcp = new ServerSocket(0, 50, LOOPBACK)) {
            assertThatThrownBy(() -> PortUnavailableException.checkUdpAndTcp(LOOPBACK, tcp.getLocalPort(),
                    PortUnavailableException.Listener.CLUSTER_DNS)).isInstanceOf(PortUnavailableException.class)
                    .hasMessage("port " + tcp.getLocalPort() + " (--dns-port) is already in use; choose another "
                            + "with --dns-port");
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            assertThatThrownBy(() -> PortUnavailableException.checkUdpAndTcp(LOOPBACK, udp.getLocalPort(),
                    PortUnavailableException.Listener.CLUSTER_DNS)).isInstanceOf(PortUnavailableException.class);
        }
        int free;
        try (ServerSocket probe = new ServerSocket(0, 50, LOOPBACK)) {
            free = probe.getLocalPort();
        }
        PortUnavailableException.checkUdpAndTcp(LOOPBACK, free, PortUnavailableException.Listener.CLUSTER_DNS);
    }
}
