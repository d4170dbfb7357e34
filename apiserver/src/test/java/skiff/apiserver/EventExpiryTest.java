package skiff.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.store.KeyValue;
import skiff.store.WatchEvent;
import skiff.store.WriteResult;
import skiff.store.memory.MemoryKeyValueStore;

/**
 * Events are deleted a time-to-live after their last write, through the store's delete, so watchers see them go;
 * other objects stay.
 */
class EventExpiryTest {
    private static final Duration TTL = Duration.ofHours(1);
    private static final String CORE_EVENT = "/registry/events/default/started.1";
    // Written as core/v1 or as events.k8s.io/v1: both are stored under the core Events' keys.
    private static final String OTHER_EVENT = "/registry/events/default/pulled.2";
    private static final String CONFIG_MAP = "/registry/configmaps/default/settings";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final MemoryKeyValueStore store = new MemoryKeyValueStore();
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private EventExpiry expiry;

    @AfterEach
    void close() {
        expiry.close();
        store.close();
    }

    @Test
    void anEventIsDeletedItsTimeToLiveAfterItsLastWriteAndWatchersSeeIt() {
        long coreRevision = create(CORE_EVENT);
        create(OTHER_EVENT);
        create(CONFIG_MAP);
        store.watch("/registry/", store.currentRevision(), events -> events.stream()
                .filter(e -> e.type() == WatchEvent.Type.DELETE).forEach(e -> deleted.add(e.kv().key())));
        expiry = new EventExpiry(store, List.of("/registry/events/"), TTL, clock, Duration.ofDays(1));

        clock.advance(Duration.ofMinutes(30));
        // Written again half way: its time-to-live starts over.
        assertThat(store.update(CORE_EVENT, bytes("again"), coreRevision)).isInstanceOf(WriteResult.Committed.class);
        clock.advance(Duration.ofMinutes(31));
        expiry.sweep();

        assertThat(store.get(OTHER_EVENT)).isEmpty();
        assertThat(store.get(CORE_EVENT)).map(KeyValue::valueAsString).contains("again");
        await().untilAsserted(() -> assertThat(deleted).containsExactly(OTHER_EVENT));

        await().untilAsserted(() -> {
            clock.advance(Duration.ofMinutes(10));
            expiry.sweep();
            assertThat(store.get(CORE_EVENT)).isEmpty();
        });
        assertThat(store.get(CONFIG_MAP)).isPresent();
        await().untilAsserted(() -> assertThat(deleted).containsExactly(OTHER_EVENT, CORE_EVENT));
    }

    private long create(String key) {
        return ((WriteResult.Committed) store.create(key, bytes("{}"))).revision();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
