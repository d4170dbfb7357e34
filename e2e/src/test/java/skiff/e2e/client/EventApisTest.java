package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.e2e.client.Eventually.eventually;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventSeriesBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * core/v1 and events.k8s.io/v1 Events are one object seen through two APIs (k/k pkg/registry/events/rest uses the
 * core Events' storage): what one writes, the other reads, lists, watches, updates and deletes, converted.
 */
class EventApisTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    private static KubernetesClient client;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        namespace = FreshNamespace.create(client, "events");
    }

    @Test
    void anEventsV1EventIsReadAndListedAsCoreV1() {
        io.fabric8.kubernetes.api.model.events.v1.Event created = client.events().v1().events().inNamespace(namespace)
                .resource(eventsV1("pulled", "web")).create();

        Event core = client.v1().events().inNamespace(namespace).withName("pulled").get();

        assertThat(core.getApiVersion()).isEqualTo("v1");
        assertThat(core.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(core.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(core.getInvolvedObject().getName()).isEqualTo("web");
        assertThat(core.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(core.getMessage()).isEqualTo("Pulled image");
        assertThat(core.getReportingComponent()).isEqualTo("kubelet");
        assertThat(core.getReportingInstance()).isEqualTo("node-1");
        assertThat(core.getAction()).isEqualTo("Pulling");
        assertThat(core.getEventTime().getTime()).isEqualTo("2026-03-01T10:00:00.000001Z");
        assertThat(core.getSeries().getCount()).isEqualTo(2);
        assertThat(core.getCount()).isEqualTo(4);
        assertThat(client.v1().events().inNamespace(namespace).withField("involvedObject.name", "web").list()
                .getItems()).extracting(e -> e.getMetadata().getName()).containsExactly("pulled");
        // k/k pkg/registry/core/event/strategy.go GetAttrs: "source" falls back to the reporting controller.
        assertThat(client.v1().events().inNamespace(namespace).withField("source", "kubelet").list().getItems())
                .extracting(e -> e.getMetadata().getName()).contains("pulled");
    }

    @Test
    void aCoreV1EventIsReadUpdatedAndDeletedAsEventsV1() {
        Event created = client.v1().events().inNamespace(namespace).resource(core("started", "db")).create();
        var events = client.events().v1().events().inNamespace(namespace);

        io.fabric8.kubernetes.api.model.events.v1.Event seen = events.withName("started").get();
        assertThat(seen.getApiVersion()).isEqualTo("events.k8s.io/v1");
        assertThat(seen.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(seen.getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
        assertThat(seen.getRegarding().getName()).isEqualTo("db");
        assertThat(seen.getNote()).isEqualTo("Started container");
        assertThat(seen.getDeprecatedSource().getComponent()).isEqualTo("kubelet");
        assertThat(seen.getDeprecatedCount()).isEqualTo(1);
        assertThat(seen.getReportingController()).isEqualTo("kubelet");
        assertThat(events.withField("regarding.name", "db").list().getItems())
                .extracting(e -> e.getMetadata().getName()).containsExactly("started");
        assertThat(events.withField("reportingController", "kubelet").withField("regarding.name", "db").list()
                .getItems()).hasSize(1);
        assertThat(events.withField("source", "kubelet").withField("regarding.name", "db").list().getItems())
                .hasSize(1);

        seen.setNote("Started container again");
        seen.setDeprecatedCount(2);
        io.fabric8.kubernetes.api.model.events.v1.Event updated = events.resource(seen).update();

        Event core = client.v1().events().inNamespace(namespace).withName("started").get();
        assertThat(core.getMessage()).isEqualTo("Started container again");
        assertThat(core.getCount()).isEqualTo(2);
        assertThat(core.getMetadata().getResourceVersion()).isEqualTo(updated.getMetadata().getResourceVersion());

        events.withName("started").delete();
        eventually().untilAsserted(() ->
                assertThat(client.v1().events().inNamespace(namespace).withName("started").get()).isNull());
    }

    @Test
    void aWatchThroughCoreV1SeesWhatEventsV1Writes() {
        RecordingWatcher<Event> watcher = new RecordingWatcher<>();
        var events = client.events().v1().events().inNamespace(namespace);
        try (Watch w = client.v1().events().inNamespace(namespace).withField("involvedObject.name", "cache")
                .watch(watcher)) {
            events.resource(eventsV1("evicted", "cache")).create();
            events.withName("evicted").edit(e -> {
                e.setNote("Evicted again");
                return e;
            });
            events.withName("evicted").delete();

            List<RecordingWatcher.Event> seen = watcher.awaitAction(Action.DELETED, "evicted");
            assertThat(seen).extracting(RecordingWatcher.Event::action)
                    .containsExactly(Action.ADDED, Action.MODIFIED, Action.DELETED);
            assertThat(watcher.objects()).extracting(Event::getMessage)
                    .containsExactly("Pulled image", "Evicted again", "Evicted again");
            assertThat(watcher.objects()).extracting(Event::getApiVersion).containsOnly("v1");
        }
    }

    @Test
    void aWatchThroughEventsV1SeesWhatCoreV1Writes() {
        RecordingWatcher<io.fabric8.kubernetes.api.model.events.v1.Event> watcher = new RecordingWatcher<>();
        var core = client.v1().events().inNamespace(namespace);
        try (Watch w = client.events().v1().events().inNamespace(namespace).withField("regarding.name", "queue")
                .watch(watcher)) {
            core.resource(core("scaled", "queue")).create();
            core.withName("scaled").edit(e -> {
                e.setMessage("Scaled again");
                return e;
            });
            core.withName("scaled").delete();

            List<RecordingWatcher.Event> seen = watcher.awaitAction(Action.DELETED, "scaled");
            assertThat(seen).extracting(RecordingWatcher.Event::action)
                    .containsExactly(Action.ADDED, Action.MODIFIED, Action.DELETED);
            assertThat(watcher.objects()).extracting(e -> e.getNote())
                    .containsExactly("Started container", "Scaled again", "Scaled again");
            assertThat(watcher.objects()).extracting(e -> e.getRegarding().getName()).containsOnly("queue");
            assertThat(watcher.objects()).extracting(e -> e.getApiVersion()).containsOnly("events.k8s.io/v1");
        }
    }

    private static io.fabric8.kubernetes.api.model.events.v1.Event eventsV1(String name, String pod) {
        return new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withRegarding(new ObjectReferenceBuilder().withKind("Pod").withName(pod).withNamespace(namespace)
                        .build())
                .withEventTime(new MicroTime("2026-03-01T10:00:00.000001Z"))
                .withSeries(new EventSeriesBuilder().withCount(2)
                        .withLastObservedTime(new MicroTime("2026-03-01T10:01:00.000001Z")).build())
                .withReportingController("kubelet").withReportingInstance("node-1").withAction("Pulling")
                .withReason("Pulled").withNote("Pulled image").withType("Normal").withDeprecatedCount(4).build();
    }

    private static Event core(String name, String pod) {
        return new EventBuilder().withNewMetadata().withName(name).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withKind("Pod").withName(pod)
                        .withNamespace(namespace).build())
                .withReason("Started").withMessage("Started container").withType("Normal").withCount(1)
                .withNewSource().withComponent("kubelet").withHost("node-1").endSource()
                .withReportingComponent("kubelet").build();
    }
}
