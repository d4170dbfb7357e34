package skiff.apiserver.registry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import skiff.api.json.Json;
import skiff.api.time.FakeClock;
import skiff.apiserver.cache.WatchCache;
import skiff.apiserver.resource.BuiltinResources;
import skiff.apiserver.resource.ResourceCatalog;
import skiff.store.memory.MemoryKeyValueStore;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registries of every built-in resource over an in-memory store, on a fake clock, with namespace "default" and
 * its "default" ServiceAccount, as the serviceaccount controller keeps it.
 */
final class TestCluster implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final FakeClock clock = new FakeClock(START);
    final MemoryKeyValueStore store = new MemoryKeyValueStore();
    final Registries registries;
    private final WatchCache cache = new WatchCache(store, 1000);
    private final ResourceCatalog catalog = BuiltinResources.catalog();

    TestCluster() {
        this(Set.of());
    }

    /** With the admission plugins named in {@code disabledAdmission} turned off. */
    TestCluster(Set<String> disabledAdmission) {
        cache.start();
        registries = new Registries(catalog, store, cache, clock, disabledAdmission);
        registries.namespaces().create(null, json("{\"metadata\":{\"name\":\"default\"}}"), WriteOptions.DEFAULT);
        storage("", "serviceaccounts").create("default", json("{\"metadata\":{\"name\":\"default\"}}"),
                WriteOptions.DEFAULT);
    }

    ResourceStorage storage(String group, String resource) {
        return registries.forResource(catalog.find(group, "v1", resource).orElseThrow());
    }

    static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        cache.close();
        store.close();
    }
}
