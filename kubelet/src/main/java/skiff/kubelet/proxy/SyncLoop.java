package skiff.kubelet.proxy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Runs the proxy's sync on its own thread when triggered, at most once per {@code minInterval} (a burst of changes
 * becomes one sync; the first change after a quiet spell syncs at once), and a full sync every {@code fullPeriod};
 * a failed sync is retried after {@code retryAfter} as a full one (k/k pkg/util/async/bounded_frequency_runner.go and
 * pkg/proxy/nftables/proxier.go, 1.32: minSyncPeriod, syncPeriod and a full resync after an error).
 */
final class SyncLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

    private final Duration minInterval;
    private final Duration fullPeriod;
    private final Duration retryAfter;
    private final Clock clock;
    private final Consumer<Boolean> sync;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private boolean pending;
    private boolean fullPending = true;
    private volatile boolean closed;

    SyncLoop(String name, Duration minInterval, Duration fullPeriod, Duration retryAfter, Clock clock,
            Consumer<Boolean> sync) {
        this.minInterval = minInterval;
        this.fullPeriod = fullPeriod;
        this.retryAfter = retryAfter;
        this.clock = clock;
        this.sync = sync;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Asks for a sync: at once, or {@code minInterval} after the previous one began. */
    void trigger() {
        lock.lock();
        try {
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long lastRun = clock.nanoTime() - minInterval.toNanos();
        long lastFull = clock.nanoTime();
        while (!closed) {
            boolean full;
            try {
                lock.lock();
                try {
                    while (!closed) {
                        long now = clock.nanoTime();
                        long fullDue = lastFull + fullPeriod.toNanos() - now;
                        if (fullDue <= 0) {
                            fullPending = true;
                        }
                        long minDue = lastRun + minInterval.toNanos() - now;
                        if ((pending || fullPending) && minDue <= 0) {
                            break;
                        }
                        long wait = pending || fullPending ? minDue : fullDue;
                        changed.awaitNanos(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)));
                    }
                    if (closed) {
                        return;
                    }
                    full = fullPending;
                    pending = false;
                    fullPending = false;
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                return;
            }
            lastRun = clock.nanoTime();
            if (full) {
                lastFull = lastRun;
            }
            try {
                sync.accept(full);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("proxy: sync failed, retrying in {} ms as a full sync: {}", retryAfter.toMillis(),
                        e.getMessage());
                lastRun = clock.nanoTime() + retryAfter.toNanos() - minInterval.toNanos();
                lock.lock();
                try {
                    fullPending = true;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
