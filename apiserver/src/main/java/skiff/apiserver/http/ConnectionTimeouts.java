package skiff.apiserver.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes the connections that keep the server waiting (see {@link ConnectionLimits}): one that sends no request head
 * in time, one that stays idle between requests, and resets a request whose body does not arrive in time. Each
 * connection's events and timers run on its own event loop.
 */
final class ConnectionTimeouts {
    private final Vertx vertx;
    private final ConnectionLimits limits;
    // By remote address: a WebSocket handshake names its connection only that way.
    private final Map<String, Activity> connections = new ConcurrentHashMap<>();

    ConnectionTimeouts(Vertx vertx, ConnectionLimits limits) {
        this.vertx = vertx;
        this.limits = limits;
    }

    /** A new connection: its first request head must come within the limit. */
    void connected(HttpConnection connection) {
        String key = String.valueOf(connection.remoteAddress());
        Activity activity = new Activity(connection);
        connections.put(key, activity);
        connection.closeHandler(v -> {
            connections.remove(key, activity);
            activity.closed();
        });
        activity.waitFor(limits.requestHead());
    }

    /**
     * A request's head arrived: the connection is busy until the request finishes (its response ends, or it fails or
     * is reset), and its body must come within the limit.
     */
    InFlight requestStarted(HttpServerRequest request) {
        Activity activity = connections.get(String.valueOf(request.remoteAddress()));
        if (activity == null) {
            return new InFlight(null, -1);
        }
        activity.busy();
        InFlight inFlight = new InFlight(activity,
                vertx.setTimer(limits.body().toMillis(), id -> request.response().reset()));
        request.response().endHandler(v -> inFlight.finished());
        return inFlight;
    }

    /** One request in flight; both methods are called on its connection's event loop. */
    final class InFlight {
        private final Activity activity;
        private final long bodyTimer;
        private boolean finished;

        private InFlight(Activity activity, long bodyTimer) {
            this.activity = activity;
            this.bodyTimer = bodyTimer;
        }

        /** The whole body arrived. */
        void bodyRead() {
            if (bodyTimer >= 0) {
                vertx.cancelTimer(bodyTimer);
            }
        }

        /** The response ended, or the request failed or was reset. */
        void finished() {
            bodyRead();
            if (!finished && activity != null) {
                finished = true;
                activity.done();
            }
        }
    }

    /** A WebSocket upgrade (a watch or an exec): the connection is busy for as long as it stays open. */
    void upgraded(String remoteAddress) {
        Activity activity = connections.get(remoteAddress);
        if (activity != null) {
            activity.busy();
        }
    }

    /** One connection: how many requests are in flight, and the timer that closes it while none is. */
    private final class Activity {
        private final HttpConnection connection;
        private int inFlight;
        private long timer = -1;

        Activity(HttpConnection connection) {
            this.connection = connection;
        }

        synchronized void waitFor(Duration limit) {
            cancel();
            timer = vertx.setTimer(limit.toMillis(), id -> connection.close());
        }

        synchronized void busy() {
            inFlight++;
            cancel();
        }

        synchronized void done() {
            inFlight--;
            if (inFlight == 0) {
                waitFor(limits.idle());
            }
        }

        synchronized void closed() {
            cancel();
        }

        private void cancel() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
