package skiff.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import skiff.api.time.Clock;

/** A fabric8 watcher that keeps every event it receives, in order, and lets a test wait for one. */
final class RecordingWatcher implements Watcher<ConfigMap> {
    private static final Clock CLOCK = Clock.system();

    /** One received event. */
    record Event(Action action, String name, long resourceVersion) {}

    private final List<Event> events = new ArrayList<>();
    private WatcherException closedBy;
    private boolean closed;

    @Override
    public synchronized void eventReceived(Action action, ConfigMap object) {
        events.add(new Event(action, object.getMetadata().getName(),
                Long.parseLong(object.getMetadata().getResourceVersion())));
        notifyAll();
    }

    /** The watch ended with an error (such as 410 Gone); the client no longer watches. */
    @Override
    public synchronized void onClose(WatcherException cause) {
        closed = true;
        closedBy = cause;
        notifyAll();
    }

    /** The watch was closed by the client. */
    @Override
    public synchronized void onClose() {
        closed = true;
        notifyAll();
    }

    /** Why the watch ended, if it ended with an error. */
    synchronized Optional<WatcherException> closedBy() {
        return Optional.ofNullable(closedBy);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The resourceVersion of the last event received, if any. */
    synchronized Optional<Long> lastResourceVersion() {
        return events.isEmpty() ? Optional.empty() : Optional.of(events.getLast().resourceVersion());
    }

    /** Waits up to {@code timeout} for an event that matches; true if one came, false too if the watch ended. */
    synchronized boolean await(Predicate<Event> matching, Duration timeout) throws InterruptedException {
        long deadline = CLOCK.nanoTime() + timeout.toNanos();
        while (events.stream().noneMatch(matching)) {
            if (closed) {
                return false;
            }
            long left = deadline - CLOCK.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
