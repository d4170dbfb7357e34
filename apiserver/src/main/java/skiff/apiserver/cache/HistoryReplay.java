package skiff.apiserver.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;

/** Collects what a store watch replays up to a revision: the history a freshly started cache refills its window with. */
final class HistoryReplay implements WatchListener {
    private final long upTo;
    private final List<WatchEvent> events = new ArrayList<>();
    private long lastEventNanos;
    private boolean complete;
    private boolean closed;

    HistoryReplay(long upTo) {
        this.upTo = upTo;
    }

    @Override
    public synchronized void onEvents(List<WatchEvent> batch) {
        for (WatchEvent e : batch) {
            if (e.revision() <= upTo) {
                events.add(e);
            }
            complete |= e.revision() >= upTo;
        }
        lastEventNanos = System.nanoTime();
        notifyAll();
    }

    /** The store delivered everything up to {@code revision}: the latest writes were to keys outside the watch. */
    @Override
    public synchronized void onProgress(long revision) {
        complete |= revision >= upTo;
        notifyAll();
    }

    @Override
    public synchronized void onClose(Throwable cause) {
        closed = true;
        notifyAll();
    }

    /**
     * The events up to and including {@code upTo}, or empty if the watch did not get there within {@code timeout}.
     * Once no event came for {@code idle}, {@code askProgress} runs (once), for the store to say how far it got.
     */
    synchronized Optional<List<WatchEvent>> await(Duration timeout, Duration idle, Runnable askProgress)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lastEventNanos = Math.max(lastEventNanos, System.nanoTime());
        boolean asked = false;
        while (!complete && !closed) {
            long now = System.nanoTime();
            long left = deadline - now;
            if (left <= 0) {
                break;
            }
            long untilIdle = lastEventNanos + idle.toNanos() - now;
            if (!asked && untilIdle <= 0) {
                askProgress.run();
                asked = true;
            }
            wait(Math.max(1, (asked ? left : Math.min(left, untilIdle)) / 1_000_000));
        }
        return complete ? Optional.of(List.copyOf(events)) : Optional.empty();
    }
}
