package skiff.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Runs an action for every node once per period, the starts spread evenly over the period so that thousands of
 * nodes make a steady trickle of requests. The schedule keeps to the period however long the actions take (a slow
 * round is not carried into the next); a node whose previous action is still running is skipped for that round;
 * a failing action is logged and the node comes round again next period.
 */
final class PeriodicSweep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicSweep.class);

    /** Where the actions run: the simulator's bounded pool of requests. */
    interface Requests {
        void submit(Runnable request);
    }

    private final String name;
    private final Duration period;
    private final Supplier<List<String>> nodes;
    private final Consumer<String> action;
    private final Requests requests;
    private final Clock clock;
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    PeriodicSweep(String name, Duration period, Supplier<List<String>> nodes, Consumer<String> action,
            Requests requests, Clock clock) {
        this.name = name;
        this.period = period;
        this.nodes = nodes;
        this.action = action;
        this.requests = requests;
        this.clock = clock;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long roundStart = clock.nanoTime();
        while (!closed) {
            List<String> names = nodes.get();
            long gap = period.toNanos() / Math.max(1, names.size());
            for (int i = 0; i < names.size() && !closed; i++) {
                if (!sleepUntil(roundStart + i * gap)) {
                    return;
                }
                dispatch(names.get(i));
            }
            roundStart += period.toNanos();
            if (!sleepUntil(roundStart)) {
                return;
            }
            // A round that fell a whole period behind (a suspended machine) starts afresh rather than racing.
            if (clock.nanoTime() - roundStart > period.toNanos()) {
                roundStart = clock.nanoTime();
            }
        }
    }

    private void dispatch(String node) {
        if (inFlight.putIfAbsent(node, Boolean.TRUE) != null) {
            return;
        }
        try {
            requests.submit(() -> {
                try {
                    action.accept(node);
                } catch (RuntimeException e) {
                    LOG.debug("{} failed node={}: {}", name, node, e.toString());
                } finally {
                    inFlight.remove(node);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(node);
        }
    }

    private boolean sleepUntil(long nanos) {
        long wait = nanos - clock.nanoTime();
        if (wait <= 0) {
            return !closed;
        }
        try {
            clock.sleep(Duration.ofNanos(wait));
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
