package skiff.kubelet.event;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;

/**
 * Writes core/v1 Events through the API, off the caller's thread. A repeat of the same event (same object, type,
 * reason and message) raises the count and last timestamp of the existing Event instead of creating another
 * (k/k client-go tools/record events_cache.go EventLogger).
 */
public final class ApiEventRecorder implements EventRecorder, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiEventRecorder.class);
    private static final int REMEMBERED = 4096;

    private final KubernetesClient client;
    private final String host;
    private final Clock clock;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("events")
            .factory());
    private final Map<String, Event> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > REMEMBERED;
        }
    };

    public ApiEventRecorder(KubernetesClient client, String host, Clock clock) {
        this.client = client;
        this.host = host;
        this.clock = clock;
    }

    @Override
    public void record(ObjectReference object, String type, String reason, String message) {
        String now = clock.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        try {
            writer.execute(() -> write(object, type, reason, message, now));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: events after shutdown are dropped.
        }
    }

    private void write(ObjectReference object, String type, String reason, String message, String now) {
        String key = object.getUid() + "|" + object.getFieldPath() + "|" + type + "|" + reason + "|" + message;
        String namespace = object.getNamespace() == null || object.getNamespace().isEmpty() ? "default"
                : object.getNamespace();
        try {
            Event previous = recent.get(key);
            if (previous != null) {
                Event updated = client.v1().events().inNamespace(namespace)
                        .withName(previous.getMetadata().getName())
                        .edit(e -> new EventBuilder(e).withCount(e.getCount() == null ? 2 : e.getCount() + 1)
                                .withLastTimestamp(now).build());
                recent.put(key, updated);
                return;
            }
            // k/k client-go tools/record event.go makeEvent: the name is the object's name and the time in hex.
            Event event = new EventBuilder().withNewMetadata()
                    .withName(object.getName() + "." + Long.toHexString(clock.now().toEpochMilli() * 1_000_000
                            + recent.size()))
                    .withNamespace(namespace).endMetadata()
                    .withInvolvedObject(object).withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent("kubelet").withHost(host).endSource()
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withReportingComponent("kubelet").withReportingInstance(host).build();
            recent.put(key, client.v1().events().inNamespace(namespace).resource(event).create());
        } catch (KubernetesClientException e) {
            recent.remove(key);
            LOG.debug("cannot record event reason={} object={}/{}: {}", reason, namespace, object.getName(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
