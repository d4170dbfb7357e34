package skiff.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.client.events.FakeEventSink.Call;

class EventRecorderTest {
    private static final Instant START = Instant.parse("2025-01-01T00:00:00.000000123Z");
    private final FakeClock clock = new FakeClock(START);
    private final FakeEventSink sink = new FakeEventSink();
    private final EventRecorder recorder = new EventRecorder(sink, clock, "test-controller", "node-1",
            new DirectExecutorService());
    private final ConfigMap settings = new ConfigMapBuilder().withNewMetadata().withName("settings")
            .withNamespace("apps").withUid("uid-1").endMetadata().build();

    @Test
    void theSameEventTwiceIsOneEventWithCountTwo() {
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");
        clock.advance(Duration.ofSeconds(30));
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");

        String name = "settings." + Long.toHexString(START.getEpochSecond() * 1_000_000_000L + START.getNano());
        assertThat(sink.calls).containsExactly(
                new Call("create", "apps", name, 1),
                new Call("update", "apps", name, 2));
        Event stored = sink.stored.get("apps/" + name);
        assertThat(stored.getCount()).isEqualTo(2);
        assertThat(stored.getFirstTimestamp()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(stored.getLastTimestamp()).isEqualTo("2025-01-01T00:00:30Z");
    }

    @Test
    void aDifferentMessageReasonOrTypeIsASeparateEvent() {
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");
        clock.advance(Duration.ofMillis(1));
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "still good");
        clock.advance(Duration.ofMillis(1));
        recorder.event(settings, EventRecorder.NORMAL, "Resynced", "all good");
        clock.advance(Duration.ofMillis(1));
        recorder.event(settings, EventRecorder.WARNING, "Synced", "all good");

        assertThat(sink.calls).extracting(Call::verb).containsExactly("create", "create", "create", "create");
        assertThat(sink.stored.values()).extracting(Event::getCount).containsOnly(1);
    }

    @Test
    void theSameEventForAnotherObjectIsASeparateEvent() {
        ConfigMap other = new ConfigMapBuilder(settings).editMetadata().withName("other").withUid("uid-2")
                .endMetadata().build();
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");
        recorder.event(other, EventRecorder.NORMAL, "Synced", "all good");

        assertThat(sink.calls).extracting(Call::verb, Call::count).containsExactly(
                tuple("create", 1), tuple("create", 1));
    }

    @Test
    void oneSourceWritesAtMost25EventsAboutOneObjectThenOneEveryFiveMinutes() {
        ConfigMap other = new ConfigMapBuilder(settings).editMetadata().withName("other").withUid("uid-2")
                .endMetadata().build();
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofMillis(1));
            recorder.event(settings, EventRecorder.NORMAL, "Created", "created pod web-" + i);
        }
        assertThat(sink.calls).hasSize(25);
        assertThat(sink.stored.values()).extracting(Event::getMessage).contains("created pod web-24")
                .doesNotContain("created pod web-25");

        recorder.event(other, EventRecorder.NORMAL, "Created", "created pod web-0");
        assertThat(sink.calls).hasSize(26);

        clock.advance(Duration.ofMinutes(5));
        recorder.event(settings, EventRecorder.NORMAL, "Created", "created pod web-30");
        recorder.event(settings, EventRecorder.NORMAL, "Created", "created pod web-31");
        assertThat(sink.calls).hasSize(27);
        assertThat(sink.stored.values()).extracting(Event::getMessage).contains("created pod web-30")
                .doesNotContain("created pod web-31");
    }

    @Test
    void aRepeatAfterTheWindowStartsANewEvent() {
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");
        clock.advance(EventCorrelator.WINDOW.plusSeconds(1));
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");

        assertThat(sink.calls).extracting(Call::verb).containsExactly("create", "create");
        assertThat(sink.stored).hasSize(2);
    }

    @Test
    void repeatsWithinTheWindowOfEachOtherKeepCounting() {
        for (int i = 0; i < 3; i++) {
            recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");
            clock.advance(EventCorrelator.WINDOW.minusSeconds(1));
        }

        assertThat(sink.calls).extracting(Call::count).containsExactly(1, 2, 3);
        assertThat(sink.stored).hasSize(1);
    }

    @Test
    void anEventThatExpiredIsCreatedAgainUnderItsNameWithTheRaisedCount() {
        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");
        String name = sink.calls.get(0).name();
        sink.expire("apps", name);
        clock.advance(Duration.ofSeconds(1));

        recorder.event(settings, EventRecorder.NORMAL, "Synced", "all good");

        assertThat(sink.calls).containsExactly(
                new Call("create", "apps", name, 1),
                new Call("update", "apps", name, 2),
                new Call("create", "apps", name, 2));
    }

    @Test
    void anEventNamesItsObjectSourceAndReportingComponent() {
        recorder.event(settings, EventRecorder.WARNING, "Failed", "could not sync");

        Event e = sink.stored.values().iterator().next();
        assertThat(e.getInvolvedObject().getName()).isEqualTo("settings");
        assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getSource().getComponent()).isEqualTo("test-controller");
        assertThat(e.getSource().getHost()).isEqualTo("node-1");
        assertThat(e.getReportingComponent()).isEqualTo("test-controller");
        assertThat(e.getReportingInstance()).isEqualTo("node-1");
    }

    @Test
    void eventsAboutClusterScopedObjectsGoToTheDefaultNamespace() {
        Namespace ns = new NamespaceBuilder().withNewMetadata().withName("team-a").withUid("uid-ns").endMetadata()
                .build();

        recorder.event(ns, EventRecorder.NORMAL, "Created", "namespace created");

        assertThat(sink.calls).extracting(Call::namespace).containsExactly("default");
    }

    @Test
    void onlyNormalAndWarningAreEventTypes() {
        assertThatThrownBy(() -> recorder.event(settings, "Info", "Synced", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
