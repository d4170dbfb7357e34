package skiff.kubelet.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** This host's main routing table through iproute2's {@code ip route}. */
public final class IpRouteTable implements HostGatewayRoutes.RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(IpRouteTable.class);
    private static final long TIMEOUT_SECONDS = 30;

    @Override
    public boolean replace(String cidr, String gateway) {
        String failure = ip(List.of("ip", "route", "replace", cidr, "via", gateway));
        if (failure != null) {
            LOG.warn("cannot route {} via {}: {}", cidr, gateway, failure);
        }
        return failure == null;
    }

    @Override
    public void delete(String cidr, String gateway) {
        String failure = ip(List.of("ip", "route", "del", cidr, "via", gateway));
        if (failure != null) {
            LOG.warn("cannot remove the route to {} via {}: {}", cidr, gateway, failure);
        }
    }

    /** Runs the command; null when it succeeded, else what it printed. */
    private static String ip(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + "s";
            }
            return process.exitValue() == 0 ? null : output.isEmpty() ? "exit code " + process.exitValue() : output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
