package skiff.cli.log;

import java.net.BindException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Failures that are part of normal operation, logged without a stack trace: a client that went away (connection
 * reset, broken pipe, a closed channel or HTTP connection), a port in use, work refused while stopping, work its
 * owner cancelled (a watch its client closed), a request on a client closed while its component stops.
 */
final class ExpectedConditions {
    private ExpectedConditions() {}

    static boolean isExpected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException || t instanceof ClosedChannelException
                    || t instanceof RejectedExecutionException || t instanceof CancellationException) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection reset") || message.contains("broken pipe")
                    || message.contains("connection was closed") || message.contains("address already in use")
                    || message.equals("client is closed")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
