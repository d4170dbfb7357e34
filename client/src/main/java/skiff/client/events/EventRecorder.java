package skiff.client.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Records core/v1 Events about objects on behalf of one component, as client-go's tools/record recorder does:
 * repeats within a window become one Event with a rising count (see {@link EventCorrelator}), and writes happen one
 * at a time off the caller's thread so that a slow API server never stalls a controller.
 */
public final class EventRecorder implements AutoCloseable {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final EventSink sink;
    private final Clock clock;
    private final String component;
    private final String host;
    private final ExecutorService writer;
    private final EventSpamFilter spamFilter = new EventSpamFilter();
    private final EventCorrelator correlator = new EventCorrelator();

    /**
     * @param writer runs the writes in order; a single thread in production, the caller's thread in tests
     */
    public EventRecorder(EventSink sink, Clock clock, String component, String host, ExecutorService writer) {
        this.sink = sink;
        this.clock = clock;
        this.component = component;
        this.host = host;
        this.writer = writer;
    }

    /** A recorder that writes through the API on its own virtual thread. */
    public static EventRecorder forApi(KubernetesClient client, Clock clock, String component) {
        return new EventRecorder(new ApiEventSink(client), clock, component, "",
                Executors.newSingleThreadExecutor(Thread.ofVirtual().name("events-" + component).factory()));
    }

    public void event(HasMetadata object, String type, String reason, String message) {
        event(reference(object), type, reason, message);
    }

    public void event(ObjectReference involved, String type, String reason, String message) {
        if (!NORMAL.equals(type) && !WARNING.equals(type)) {
            throw new IllegalArgumentException("event type must be Normal or Warning, not " + type);
        }
        Event occurrence = occurrence(involved, type, reason, message, clock.now());
        try {
            writer.execute(() -> record(occurrence));
        } catch (RejectedExecutionException e) {
            LOG.debug("component={} closed, dropping event reason={}", component, reason);
        }
    }

    private void record(Event occurrence) {
        Instant now = clock.now();
        if (!spamFilter.allows(occurrence, now)) {
            LOG.debug("component={} too many events about {}, dropping reason={}", component,
                    occurrence.getInvolvedObject().getName(), occurrence.getReason());
            return;
        }
        EventAction action = correlator.correlate(occurrence, now);
        try {
            apply(action);
        } catch (RuntimeException e) {
            LOG.warn("component={} event={} reason={} not written: {}", component,
                    action.event().getMetadata().getName(), action.event().getReason(), e.getMessage());
        }
    }

    private void apply(EventAction action) {
        Event event = action.event();
        switch (action) {
            case EventAction.Create c -> sink.create(event);
            case EventAction.Update u -> {
                // client-go tools/record event.go recordToSink: an Event that expired since is created again.
                if (!sink.update(event.getMetadata().getNamespace(), event.getMetadata().getName(), event.getCount(),
                        event.getLastTimestamp())) {
                    sink.create(event);
                }
            }
        }
    }

    /**
     * A fresh Event for one occurrence. client-go tools/record event.go makeEvent: the name is the object's name, a
     * dot and the time in Unix nanoseconds in hex; objects without a namespace get their Events in "default".
     */
    Event occurrence(ObjectReference involved, String type, String reason, String message, Instant now) {
        String namespace = involved.getNamespace() == null || involved.getNamespace().isEmpty()
                ? "default" : involved.getNamespace();
        long unixNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        String stamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        return new EventBuilder()
                .withNewMetadata()
                    .withName(involved.getName() + "." + Long.toHexString(unixNanos))
                    .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(involved)
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(stamp)
                .withLastTimestamp(stamp)
                .withCount(1)
                .withNewSource().withComponent(component).withHost(host.isEmpty() ? null : host).endSource()
                .withReportingComponent(component)
                .withReportingInstance(host)
                .build();
    }

    public static ObjectReference reference(HasMetadata object) {
        return new ObjectReferenceBuilder()
                .withApiVersion(object.getApiVersion())
                .withKind(object.getKind())
                .withNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName())
                .withUid(object.getMetadata().getUid())
                .withResourceVersion(object.getMetadata().getResourceVersion())
                .build();
    }

    /** Writes what is already queued, then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
