package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.resource.ResourceDefinition;
import skiff.apiserver.status.StatusException;
import skiff.store.KeyValueStore;
import skiff.store.memory.MemoryKeyValueStore;

/** Lists a cache that has fallen behind the store cannot serve in time. */
class ResourceRegistryTest {
    private final KeyValueStore store = new MemoryKeyValueStore();
    private final ResourceDefinition configMaps = ResourceDefinition.builder("", "v1", "configmaps", "ConfigMap")
            .build();
    // Never started: it stays at revision 0 while the store moves on, as a cache whose store watch lags.
    private final WatchCache behind = new WatchCache(store, 100);
    private final ResourceRegistry registry = new ResourceRegistry(configMaps, store, behind, StorageConversion.NONE);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anAdmissionLookupOfAnObjectTheCacheHasNotSeenYetReadsTheStore() {
        store.create(configMaps.key("default", "a"), configMap("a"));

        assertThat(registry.cachedOrStored("default", "a")).map(o -> o.path("metadata").path("name").asText())
                .contains("a");
        assertThat(registry.cachedOrStored("default", "b")).isEmpty();
    }

    @Test
    void anAdmissionListDoesNotWaitForTheCacheToReachWritesToOtherResources() {
        store.create("/registry/pods/default/p", configMap("p"));

        assertThat(registry.cached("default")).isEmpty(); // answered at once, from the cache, as a lister would
    }

    @Test
    void aConsistentListTheCacheCannotServeInTimeIsReadFromTheStore() {
        store.create(configMaps.key("default", "a"), configMap("a"));
        store.create(configMaps.key("default", "b"), configMap("b"));

        ListResult list = registry.list("default", ListOptions.everything());

        assertThat(list.items()).extracting(o -> o.path("metadata").path("name").asText()).containsExactly("a", "b");
        assertThat(list.revision()).isEqualTo(store.currentRevision());
    }

    @Test
    void aListNotOlderThanARevisionTheCacheHasNotReachedIsStillRefusedAsTooLarge() {
        store.create(configMaps.key("default", "a"), configMap("a"));
        ListOptions notOlderThan = new ListOptions(ListOptions.everything().labelSelector(),
                ListOptions.everything().fieldSelector(), String.valueOf(store.currentRevision()), "", 0, null, false,
                0);

        assertThatThrownBy(() -> registry.list("default", notOlderThan)).isInstanceOfSatisfying(
                StatusException.class, e -> assertThat(e.code()).isEqualTo(504));
    }

    private static byte[] configMap(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"default\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
