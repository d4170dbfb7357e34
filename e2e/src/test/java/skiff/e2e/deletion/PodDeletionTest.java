package skiff.e2e.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/** Graceful pod deletion through the API, as the kubelet and kubectl drive it. */
class PodDeletionTest {
    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().disableControllers("scheduler").build();

    private static Pod pod(String name, String nodeName) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(nodeName).withTerminationGracePeriodSeconds(30L)
                .addNewContainer().withName("app").withImage("busybox:1.36").endContainer()
                .endSpec().build();
    }

    private record Event(Watcher.Action action, Pod pod) {}

    /** A client that watches over plain HTTP streaming rather than WebSocket. */
    private static KubernetesClient httpWatchClient() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(skiff.config()).withOnlyHttpWatches(true).build()).build();
    }

    private static Watch watch(KubernetesClient client, String name, String resourceVersion, List<Event> events) {
        return client.pods().withName(name).watch(resourceVersion, new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(new Event(action, pod));
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
    }

    @Test
    void aScheduledPodIsMarkedWithItsGracePeriodAndStays(KubernetesClient client) {
        client.pods().resource(pod("graceful", "node-1")).create();
        Instant before = Instant.now().minusSeconds(1);

        client.pods().withName("graceful").delete();

        Pod terminating = client.pods().withName("graceful").get();
        assertThat(terminating).isNotNull();
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        assertThat(Instant.parse(terminating.getMetadata().getDeletionTimestamp()))
                .isBetween(before.plusSeconds(30), Instant.now().plusSeconds(31));
    }

    @Test
    void aZeroGraceDeleteRemovesATerminatingPodAndAWatchSeesItMarkedFirst(KubernetesClient client) {
        Pod created = client.pods().resource(pod("confirmed", "node-1")).create();
        List<Event> events = new CopyOnWriteArrayList<>();
        try (KubernetesClient watcher = httpWatchClient();
                Watch ignored = watch(watcher, "confirmed", created.getMetadata().getResourceVersion(), events)) {
            client.pods().withName("confirmed").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);

            client.pods().withName("confirmed").withGracePeriod(0).delete();

            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 3);
        }
        assertThat(events).extracting(Event::action)
                .containsExactly(Watcher.Action.MODIFIED, Watcher.Action.MODIFIED, Watcher.Action.DELETED);
        assertThat(events.get(0).pod().getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        assertThat(events.get(1).pod().getMetadata().getDeletionGracePeriodSeconds()).isZero();
        assertThat(client.pods().withName("confirmed").get()).isNull();
    }

    @Test
    void aLaterDeleteMayShortenTheGracePeriodButNotLengthenIt(KubernetesClient client) {
        client.pods().resource(pod("shorten", "node-1")).create();
        client.pods().withName("shorten").delete();
        String due = client.pods().withName("shorten").get().getMetadata().getDeletionTimestamp();

        client.pods().withName("shorten").withGracePeriod(60).delete();
        assertThat(client.pods().withName("shorten").get().getMetadata().getDeletionGracePeriodSeconds())
                .isEqualTo(30L);

        client.pods().withName("shorten").withGracePeriod(10).delete();
        Pod shortened = client.pods().withName("shorten").get();
        assertThat(shortened.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(10L);
        assertThat(Instant.parse(shortened.getMetadata().getDeletionTimestamp()))
                .isEqualTo(Instant.parse(due).minusSeconds(20));
    }

    @Test
    void anUnscheduledPodIsDeletedAtOnce(KubernetesClient client) {
        client.pods().resource(pod("unscheduled", null)).create();

        client.pods().withName("unscheduled").delete();

        assertThat(client.pods().withName("unscheduled").get()).isNull();
    }

    @Test
    void aPodThatHasSucceededIsDeletedAtOnce(KubernetesClient client) {
        Pod created = client.pods().resource(pod("finished", "node-1")).create();
        created.getStatus().setPhase("Succeeded");
        client.pods().resource(created).updateStatus();

        client.pods().withName("finished").delete();

        assertThat(client.pods().withName("finished").get()).isNull();
    }

    @Test
    void aForcedDeleteWithZeroGraceDeletesAScheduledPodAtOnce(KubernetesClient client) {
        client.pods().resource(pod("forced", "node-1")).create();

        client.pods().withName("forced").withGracePeriod(0).delete();

        assertThat(client.pods().withName("forced").get()).isNull();
    }

    @Test
    void aNegativeGracePeriodCountsAsOneSecond(KubernetesClient client) {
        client.pods().resource(pod("negative", "node-1")).create();

        RawApi.Response response = new RawApi(client)
                .delete("/api/v1/namespaces/default/pods/negative?gracePeriodSeconds=-5", null);

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(1);
    }

    @Test
    void aGracefulDeleteAnswers200WithThePod(KubernetesClient client) {
        client.pods().resource(pod("answer", "node-1")).create();

        RawApi.Response response = new RawApi(client).delete("/api/v1/namespaces/default/pods/answer",
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Background\"}");

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body().path("kind").asString()).isEqualTo("Pod");
        assertThat(response.body().path("metadata").path("deletionTimestamp").isString()).isTrue();
    }

    @Test
    void aZeroGracePodHeldByAFinalizerGoesWhenTheFinalizerIsRemoved(KubernetesClient client) {
        Pod held = pod("held", "node-1");
        held.getMetadata().setFinalizers(List.of("example.com/hold"));
        client.pods().resource(held).create();

        client.pods().withName("held").withGracePeriod(0).delete();
        Pod marked = client.pods().withName("held").get();
        assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isZero();

        marked.getMetadata().setFinalizers(List.of());
        client.pods().resource(marked).update();

        assertThat(client.pods().withName("held").get()).isNull();
    }

    @Test
    void aPodInItsGracePeriodStaysWhenItsLastFinalizerIsRemoved(KubernetesClient client) {
        Pod held = pod("held-graceful", "node-1");
        held.getMetadata().setFinalizers(List.of("example.com/hold"));
        client.pods().resource(held).create();
        client.pods().withName("held-graceful").delete();

        Pod marked = client.pods().withName("held-graceful").get();
        marked.getMetadata().setFinalizers(List.of());
        client.pods().resource(marked).update();

        Pod still = client.pods().withName("held-graceful").get();
        assertThat(still).isNotNull();
        assertThat(still.getMetadata().getFinalizers()).isEmpty();
        client.pods().withName("held-graceful").withGracePeriod(0).delete();
        assertThat(client.pods().withName("held-graceful").get()).isNull();
    }
}
