package skiff.apiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.store.CompactedException;
import skiff.store.KeyValueStore;
import skiff.store.memory.MemoryKeyValueStore;

/** A cache started on a store that already has history, as after a restart, serves watches from before its start. */
class WatchCacheHistoryTest {
    private final KeyValueStore store = new MemoryKeyValueStore();
    private WatchCache cache;

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
        store.close();
    }

    @Test
    void aWatchFromBeforeTheCacheStartedGetsEveryLaterEventOnce() throws InterruptedException {
        for (int i = 1; i <= 5; i++) {
            store.create("/registry/configmaps/default/c" + i, configMap("c" + i));
        }
        cache = new WatchCache(store, 100);
        cache.start();
        store.create("/registry/configmaps/default/c6", configMap("c6"));

        List<String> seen = new ArrayList<>();
        try (CacheWatcher watcher = cache.watch("/registry/configmaps/", 2, o -> true, 10)) {
            for (int i = 0; i < 4; i++) {
                CacheEvent e = watcher.next(Duration.ofSeconds(5));
                assertThat(e).as("event %d of 4", i + 1).isNotNull();
                seen.add(e.type() + " " + e.key() + "@" + e.revision());
            }
        }

        assertThat(seen).containsExactly(
                "ADDED /registry/configmaps/default/c3@3",
                "ADDED /registry/configmaps/default/c4@4",
                "ADDED /registry/configmaps/default/c5@5",
                "ADDED /registry/configmaps/default/c6@6");
    }

    @Test
    void theRefilledWindowStillEndsAtItsCapacity() {
        for (int i = 1; i <= 5; i++) {
            store.create("/registry/configmaps/default/c" + i, configMap("c" + i));
        }
        cache = new WatchCache(store, 2);
        cache.start();

        assertThatThrownBy(() -> cache.watch("/registry/configmaps/", 2, o -> true, 10))
                .isInstanceOf(CompactedException.class);
        cache.watch("/registry/configmaps/", 3, o -> true, 10).close();
    }

    private static byte[] configMap(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"default\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
