package skiff.server;

import java.net.BindException;
import java.util.Locale;
import java.util.Optional;

/**
 * A port the server needs is taken (or may not be used): the start stops before readiness is reported, with a
 * message naming the address, the component and the reason, e.g.
 * {@code cannot listen on 127.0.0.1:10250 (kubelet): address already in use}.
 */
public final class PortUnavailableException extends RuntimeException {
    private PortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure as a port that cannot be listened on, if a {@link BindException} caused it. */
    static Optional<PortUnavailableException> of(RuntimeException failure, String address, int port,
            String component) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return Optional.of(new PortUnavailableException("cannot listen on " + hostPort(address, port) + " ("
                        + component + "): " + reason(bind), failure));
            }
        }
        return Optional.empty();
    }

    private static String hostPort(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    // The JDK says "Address already in use"; Netty's native transport prefixes "bind(..) failed: ".
    private static String reason(BindException bind) {
        String message = bind.getMessage() == null ? "address unavailable" : bind.getMessage();
        message = message.substring(message.lastIndexOf(": ") + 1).strip();
        return message.isEmpty() ? "address unavailable"
                : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
