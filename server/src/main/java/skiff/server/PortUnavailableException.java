package skiff.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Optional;

/**
 * A port the server needs is taken (or may not be used): the start stops before readiness is reported, with one line
 * naming the port and the flag that chooses it, e.g.
 * {@code port 10250 (--kubelet-port) is already in use; choose another with --kubelet-port}.
 */
public final class PortUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A listener of the server, and the flag of {@code skiff server} that picks its port. */
    public enum Listener {
        API_SERVER("--port"), KUBELET("--kubelet-port"), CLUSTER_DNS("--dns-port");

        private final String flag;

        Listener(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    private PortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure as a port that cannot be listened on, if a {@link BindException} caused it. */
    static Optional<PortUnavailableException> of(RuntimeException failure, int port, Listener listener) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return Optional.of(new PortUnavailableException(message(port, listener, bind), failure));
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that the UDP and TCP port can be listened on at this address now (cluster DNS's, bound only after the
     * API server is ready), so a taken one stops the start before readiness.
     */
    static void checkUdpAndTcp(InetAddress address, int port, Listener listener) {
        if (port == 0) {
            return;
        }
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port));
                ServerSocket tcp = new ServerSocket()) {
            tcp.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            throw new PortUnavailableException(message(port, listener, e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(int port, Listener listener, BindException bind) {
        String reason = reason(bind);
        return (reason.equals("address already in use") ? "port " + port + " (" + listener.flag()
                + ") is already in use" : "port " + port + " (" + listener.flag() + ") cannot be used: " + reason)
                + "; choose another with " + listener.flag();
    }

    // The JDK says "Address already in use"; Netty's native transport prefixes "bind(..) failed: ".
    private static String reason(BindException bind) {
        String message = bind.getMessage() == null ? "address unavailable" : bind.getMessage();
        message = message.substring(message.lastIndexOf(": ") + 1).strip();
        int detail = message.indexOf(" (");
        message = detail > 0 ? message.substring(0, detail) : message;
        return message.isEmpty() ? "address unavailable"
                : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
