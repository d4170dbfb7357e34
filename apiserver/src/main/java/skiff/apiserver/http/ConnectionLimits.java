package skiff.apiserver.http;

import java.time.Duration;

/**
 * How long a connection may keep the server waiting: for the head of its first request, between requests, and for
 * the body of a request. A request in flight (a watch, a log stream, an exec session) is never cut, however long it
 * stays quiet.
 *
 * @param requestHead the head of a connection's first request must have arrived within this time of the connection
 * @param idle a connection with no request in flight is closed after this time
 * @param body a request's body must have arrived within this time of its head; otherwise the request is reset
 */
public record ConnectionLimits(Duration requestHead, Duration idle, Duration body) {
    // k/k apiserver pkg/server/secure_serving.go (1.32): ReadHeaderTimeout 32 s, IdleTimeout 90 s (HTTP/1.1 and
    // HTTP/2); a body is bounded by the request timeout, 60 s (--request-timeout).
    private static final ConnectionLimits KUBERNETES = new ConnectionLimits(Duration.ofSeconds(32),
            Duration.ofSeconds(90), Duration.ofSeconds(60));

    public ConnectionLimits {
        for (Duration d : new Duration[] {requestHead, idle, body}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("connection limits must be positive: " + d);
            }
        }
    }

    public static ConnectionLimits kubernetesDefaults() {
        return KUBERNETES;
    }
}
