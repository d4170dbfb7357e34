package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher.Action;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import skiff.e2e.client.RecordingWatcher.Event;
import skiff.testing.SkiffExtension;

/**
 * Watches through fabric8 (docs api-concepts "Efficient detection of changes"): from a resourceVersion a watch sees
 * every later change once, in order; a selector turns objects entering and leaving it into ADDED and DELETED.
 */
class WatchTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().disableControllers("root-ca-cert-publisher").build();

    private final KubernetesClient client = skiff.client();
    private final String namespace = FreshNamespace.create(client, "watch");

    /** fabric8 watches over a WebSocket unless told to use plain HTTP; Kubernetes serves both. */
    enum Transport { WEBSOCKET, HTTP }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void watchFromAResourceVersionSeesEveryLaterChangeInOrderOnce(Transport transport) {
        try (KubernetesClient watching = new KubernetesClientBuilder().withConfig(new ConfigBuilder(skiff.config())
                .withOnlyHttpWatches(transport == Transport.HTTP).build()).build()) {
            seesEveryLaterChangeInOrderOnce(watching);
        }
    }

    private void seesEveryLaterChangeInOrderOnce(KubernetesClient watching) {
        String start = client.resource(SampleObjects.configMap(namespace, "anchor")).create().getMetadata()
                .getResourceVersion();
        RecordingWatcher<ConfigMap> live = new RecordingWatcher<>();
        try (Watch liveWatch = watching.configMaps().inNamespace(namespace).withResourceVersion(start).watch(live)) {
            List<Event> expected = new ArrayList<>();
            expected.add(created("a"));
            expected.add(created("b"));
            expected.add(modified("a", "1"));
            expected.add(modified("b", "1"));
            expected.add(modified("a", "2"));
            expected.add(deleted("b"));
            expected.add(created("c"));
            expected.add(deleted("a"));
            expected.add(created("sentinel"));

            List<Event> liveEvents = live.awaitEventFor("sentinel");
            assertSameChanges(liveEvents, expected);

            RecordingWatcher<ConfigMap> replay = new RecordingWatcher<>();
            try (Watch replayWatch = watching.configMaps().inNamespace(namespace).withResourceVersion(start)
                    .watch(replay)) {
                assertSameChanges(replay.awaitEventFor("sentinel"), expected);
            }
        }
    }

    /**
     * Deletions answer with a Status, not the object, so their revision is unknown to the test: they must sit
     * strictly between their neighbours, while every other event carries exactly the revision its write returned.
     */
    private static void assertSameChanges(List<Event> actual, List<Event> expected) {
        assertThat(actual).extracting(Event::action, Event::name)
                .containsExactlyElementsOf(expected.stream().map(e -> tuple(
                        e.action(), e.name())).toList());
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).resourceVersion() != null) {
                assertThat(actual.get(i).resourceVersion()).isEqualTo(expected.get(i).resourceVersion());
            }
        }
        assertThat(actual).extracting(e -> Long.parseLong(e.resourceVersion())).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void labelSelectorWatchSeesRelabelsAsDeletedAndAdded() {
        String start = client.configMaps().inNamespace(namespace).list().getMetadata().getResourceVersion();
        RecordingWatcher<ConfigMap> watcher = new RecordingWatcher<>();
        try (Watch watch = client.configMaps().inNamespace(namespace).withLabel("app", "web")
                .withResourceVersion(start).watch(watcher)) {
            client.resource(labelled("x", "web")).create();
            client.resource(labelled("y", "db")).create();
            ConfigMap xOut = relabel("x", "db");
            edit("x", "while-outside");
            relabel("y", "web");
            relabel("x", "web");
            client.configMaps().inNamespace(namespace).withName("y").delete();
            client.resource(labelled("z", "web")).create();

            List<Event> events = watcher.awaitEventFor("z");

            assertThat(events).extracting(Event::action, Event::name).containsExactly(
                    tuple(Action.ADDED, "x"),
                    tuple(Action.DELETED, "x"),
                    tuple(Action.ADDED, "y"),
                    tuple(Action.ADDED, "x"),
                    tuple(Action.DELETED, "y"),
                    tuple(Action.ADDED, "z"));
            // k/k storage/cacher/cache_watcher.go convertToWatchEvent: leaving the selector is a DELETED event with
            // the object's previous content and the revision of the change.
            ConfigMap leaving = watcher.objects().get(1);
            assertThat(leaving.getMetadata().getLabels()).containsEntry("app", "web");
            assertThat(leaving.getMetadata().getResourceVersion()).isEqualTo(xOut.getMetadata().getResourceVersion());
            ConfigMap back = watcher.objects().get(3);
            assertThat(back.getData()).containsEntry("step", "while-outside");
        }
    }

    private Event created(String name) {
        ConfigMap c = client.resource(SampleObjects.configMap(namespace, name)).create();
        return new Event(Action.ADDED, name, c.getMetadata().getResourceVersion());
    }

    private Event modified(String name, String step) {
        ConfigMap c = edit(name, step);
        return new Event(Action.MODIFIED, name, c.getMetadata().getResourceVersion());
    }

    private Event deleted(String name) {
        assertThat(client.configMaps().inNamespace(namespace).withName(name).delete()).hasSize(1);
        return new Event(Action.DELETED, name, null);
    }

    private ConfigMap edit(String name, String step) {
        return resource(name).edit(c -> new ConfigMapBuilder(c).addToData("step", step).build());
    }

    private ConfigMap relabel(String name, String app) {
        return resource(name).edit(c -> new ConfigMapBuilder(c).editMetadata().addToLabels("app", app).endMetadata()
                .build());
    }

    private Resource<ConfigMap> resource(String name) {
        return client.configMaps().inNamespace(namespace).withName(name);
    }

    private ConfigMap labelled(String name, String app) {
        return new ConfigMapBuilder(SampleObjects.configMap(namespace, name)).editMetadata()
                .withLabels(Map.of("app", app)).endMetadata().build();
    }
}
