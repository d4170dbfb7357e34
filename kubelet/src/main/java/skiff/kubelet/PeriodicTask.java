package skiff.kubelet;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Runs a task every period on a virtual thread until closed; a failing run is logged (unless closing interrupted it)
 * and the next one comes.
 */
final class PeriodicTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicTask.class);
    private final Thread thread;
    private volatile boolean closed;

    PeriodicTask(String name, Duration period, Clock clock, Runnable task) {
        thread = Thread.ofVirtual().name(name).start(() -> {
            while (!closed) {
                try {
                    clock.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) {
                    return;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // A run that close() interrupted is no failure.
                    if (!closed) {
                        LOG.warn("{} failed: {}", name, e.toString());
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
