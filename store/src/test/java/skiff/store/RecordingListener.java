package skiff.store;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A watch listener that keeps everything it is given, for tests to await and inspect. */
public final class RecordingListener implements WatchListener {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Throwable NO_CAUSE = new Throwable("closed without cause");

    private final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> deliveryThreads = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> closed = new AtomicReference<>();
    private final AtomicInteger closeCalls = new AtomicInteger();

    @Override
    public void onEvents(List<WatchEvent> batch) {
        deliveryThreads.add(Thread.currentThread().getName());
        events.addAll(batch);
    }

    @Override
    public void onClose(Throwable cause) {
        closeCalls.incrementAndGet();
        closed.set(cause == null ? NO_CAUSE : cause);
    }

    public List<WatchEvent> events() {
        return List.copyOf(events);
    }

    public List<Long> revisions() {
        return events.stream().map(WatchEvent::revision).toList();
    }

    public List<String> deliveryThreads() {
        return List.copyOf(deliveryThreads);
    }

    public long lastRevision() {
        return events.isEmpty() ? 0 : events.getLast().revision();
    }

    public void awaitRevision(long revision) {
        await().atMost(DEADLINE).until(() -> lastRevision() >= revision);
    }

    public void awaitClose() {
        await().atMost(DEADLINE).until(() -> closed.get() != null);
    }

    public boolean isClosed() {
        return closed.get() != null;
    }

    /** The cause onClose was given, or null if it was given none (or was not called). */
    public Throwable closeCause() {
        Throwable cause = closed.get();
        return cause == NO_CAUSE ? null : cause;
    }

    public int closeCalls() {
        return closeCalls.get();
    }
}
