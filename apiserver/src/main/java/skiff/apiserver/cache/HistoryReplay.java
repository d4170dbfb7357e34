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
        notifyAll();
    }

    @Override
    public synchronized void onClose(Throwable cause) {
        closed = true;
        notifyAll();
    }

    /** The events up to and including {@code upTo}, or empty if the watch did not get there within {@code timeout}. */
    synchronized Optional<List<WatchEvent>> await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!complete && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return complete ? Optional.of(List.copyOf(events)) : Optional.empty();
    }
}
