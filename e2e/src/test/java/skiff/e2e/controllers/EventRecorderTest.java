package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.testing.SkiffExtension;

/** Events written through the API by a controller's recorder, repeats folded into one. */
class EventRecorderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().build();

    @Test
    void theSameEventTwiceIsOneEventWithCountTwo() {
        KubernetesClient client = skiff.client();
        ConfigMap settings = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("settings").endMetadata().build()).create();

        try (EventRecorder recorder = EventRecorder.forApi(client, Clock.system(), "e2e-controller")) {
            recorder.event(settings, EventRecorder.NORMAL, "Synced", "settings applied");
            recorder.event(settings, EventRecorder.NORMAL, "Synced", "settings applied");
        }

        await().atMost(DEADLINE).untilAsserted(() -> {
            List<Event> events = aboutSettings(client);
            assertThat(events).hasSize(1);
            Event e = events.get(0);
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getMetadata().getName()).matches("settings\\.[0-9a-f]+");
            assertThat(e.getReason()).isEqualTo("Synced");
            assertThat(e.getSource().getComponent()).isEqualTo("e2e-controller");
            assertThat(e.getReportingComponent()).isEqualTo("e2e-controller");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(settings.getMetadata().getUid());
        });
    }

    private static List<Event> aboutSettings(KubernetesClient client) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "settings".equals(e.getInvolvedObject().getName())).toList();
    }
}
