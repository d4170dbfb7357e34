package skiff.apiserver.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import skiff.store.KeyValueStore;
import skiff.store.etcd.EtcdExtension;
import skiff.store.etcd.EtcdKeyValueStore;
import skiff.store.etcd.EtcdServer;

/**
 * The watch cache on etcd, whose revision also moves through writes outside /registry (kube-apiserver's compactor
 * key, another cluster's prefix): a reader waiting on such a revision and a cache starting at one are not held up,
 * as the store's progress notifications tell the cache that nothing under /registry came with it.
 */
@ExtendWith(EtcdExtension.class)
class WatchCacheOnEtcdTest {
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private KeyValueStore store;
    private KeyValueStore neighbour;
    private WatchCache cache;

    @BeforeEach
    void openStores(EtcdServer etcd) {
        String prefix = "/cache-" + CLUSTERS.incrementAndGet();
        store = EtcdKeyValueStore.open(etcd.options().withPrefix(prefix + "/registry"), "/registry");
        neighbour = EtcdKeyValueStore.open(etcd.options().withPrefix(prefix + "/other"), "/registry");
    }

    @AfterEach
    void close() {
        if (cache != null) {
            cache.close();
        }
        store.close();
        neighbour.close();
    }

    @Test
    void aReaderWaitingOnARevisionFromAnotherKeyIsAnsweredByProgress() throws InterruptedException {
        store.create("/registry/configmaps/default/a", configMap("a"));
        cache = new WatchCache(store, 100);
        cache.start();
        neighbour.create("/registry/configmaps/default/elsewhere", configMap("elsewhere"));
        long current = store.currentRevision();

        // Without progress this waits out its timeout: no event under this cluster's /registry brings the revision.
        cache.waitFor(current, Duration.ofSeconds(10));

        assertThat(cache.list("/registry/configmaps/", null).objects()).extracting(CachedObject::key)
                .containsExactly("/registry/configmaps/default/a");
    }

    @Test
    void aCacheStartingAtARevisionFromAnotherKeyLoadsItsHistoryWithoutWaitingItOut() throws InterruptedException {
        store.create("/registry/configmaps/default/a", configMap("a"));
        store.create("/registry/configmaps/default/b", configMap("b"));
        neighbour.create("/registry/configmaps/default/elsewhere", configMap("elsewhere"));
        cache = new WatchCache(store, 100);

        // The history replay would wait 30 s for an event at the starting revision, which is not this cluster's.
        assertTimeoutPreemptively(Duration.ofSeconds(10), cache::start);

        CacheWatcher watcher = cache.watch("/registry/configmaps/", store.currentRevision() - 2, o -> true, 10);
        assertThat(watcher.next(Duration.ofSeconds(5)).key()).isEqualTo("/registry/configmaps/default/b");
        watcher.close();
    }

    private static byte[] configMap(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"default\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
