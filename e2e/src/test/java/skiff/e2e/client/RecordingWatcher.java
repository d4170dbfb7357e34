package skiff.e2e.client;

import static skiff.e2e.client.Eventually.eventually;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A fabric8 watcher that keeps every event it receives, in order, and how the watch ended. */
final class RecordingWatcher<T extends HasMetadata> implements Watcher<T> {
    /** One received event, reduced to what tests compare. */
    record Event(Watcher.Action action, String name, String resourceVersion) {}

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<T> objects = new CopyOnWriteArrayList<>();
    private final CompletableFuture<WatcherException> closed = new CompletableFuture<>();

    @Override
    public void eventReceived(Action action, T resource) {
        objects.add(resource);
        events.add(new Event(action, resource.getMetadata().getName(), resource.getMetadata().getResourceVersion()));
    }

    @Override
    public void onClose(WatcherException cause) {
        closed.complete(cause);
    }

    @Override
    public void onClose() {
        closed.complete(null);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<T> objects() {
        return List.copyOf(objects);
    }

    /** Waits until an event for {@code name} arrived; answers every event received so far. */
    List<Event> awaitEventFor(String name) {
        eventually().until(() -> events.stream().anyMatch(e -> e.name().equals(name)));
        return events();
    }

    /** Waits until an event of this action for {@code name} arrived; answers every event received so far. */
    List<Event> awaitAction(Action action, String name) {
        eventually().until(() -> events.stream().anyMatch(e -> e.action() == action && e.name().equals(name)));
        return events();
    }

    /** Waits until at least {@code count} events arrived; answers every event received so far. */
    List<Event> awaitEvents(int count) {
        eventually().until(() -> events.size() >= count);
        return events();
    }

    /** Waits for the watch to be closed by the server or the client; answers the error it ended with. */
    WatcherException awaitClose() throws Exception {
        return closed.get(Eventually.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
}
