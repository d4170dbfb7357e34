package skiff.kubelet.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's {@code net.ipv4.ip_forward}, which routing pod traffic off the bridge needs (0 on a fresh Linux host;
 * k3s and the CNI bridge plugin's isGateway turn it on the same way).
 */
final class IpForwarding {
    private static final Logger LOG = LoggerFactory.getLogger(IpForwarding.class);
    static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ip_forward");

    private final Path sysctl;

    IpForwarding(Path sysctl) {
        this.sysctl = sysctl;
    }

    /** Turns forwarding on when it is off, saying so in one log line; a failure is logged, not thrown. */
    void enable() {
        try {
            if (Files.readString(sysctl, StandardCharsets.US_ASCII).strip().equals("0")) {
                Files.writeString(sysctl, "1\n", StandardCharsets.US_ASCII);
                LOG.info("enabled IPv4 forwarding (net.ipv4.ip_forward was 0) so that pod traffic is routed");
            }
        } catch (IOException e) {
            LOG.warn("cannot enable IPv4 forwarding through {}: pods may not reach other networks", sysctl, e);
        }
    }
}
