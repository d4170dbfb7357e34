package skiff.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/** The server's handling of what is not a plain query, on 127.0.0.1 and a free port. */
class DnsServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aTakenPortIsABindFailure() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, LOOPBACK)) {
            assertThatThrownBy(() -> DnsServer.start(LOOPBACK, taken.getLocalPort(), q -> q))
                    .isInstanceOf(UncheckedIOException.class).hasRootCauseInstanceOf(BindException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void garbageWithAHeaderIsAFormatErrorAndShorterGarbageIsIgnored() throws Exception {
        try (DnsServer server = DnsServer.start(LOOPBACK, 0, q -> q);
                DatagramSocket client = new DatagramSocket(0, LOOPBACK)) {
            client.setSoTimeout(5_000);
            client.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, server.address()));
            byte[] garbage = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'x'};
            client.send(new DatagramPacket(garbage, garbage.length, server.address()));

            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            client.receive(packet);
            Message response = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
            assertThat(response.getHeader().getID()).isEqualTo(0x1234);
            assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
        }
    }

    @Test
    void otherOpcodesAreNotImplemented() throws Exception {
        DnsHandler handler = new DnsHandler(new KubernetesZone("cluster.local", new StaticCluster("ns1"),
                LOOPBACK), q -> Upstream.failure(q, Rcode.SERVFAIL));
        try (DnsServer server = DnsServer.start(LOOPBACK, 0, handler)) {
            Message update = KubernetesZoneTest.query("x.ns1.svc.cluster.local", org.xbill.DNS.Type.A);
            update.getHeader().setOpcode(Opcode.UPDATE);
            SimpleResolver resolver = new SimpleResolver(server.address());
            resolver.setTimeout(Duration.ofSeconds(5));

            assertThat(resolver.send(update).getRcode()).isEqualTo(Rcode.NOTIMP);
        }
    }
}
