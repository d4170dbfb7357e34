package skiff.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.KeyValueStoreContract;
import skiff.store.RecordingListener;
import skiff.store.StoreException;
import skiff.store.Watch;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;

/**
 * The store's contract on a real etcd. All tests share one etcd; each gets keys of its own under a fresh etcd
 * prefix and counts revisions from where etcd was when it started.
 */
@ExtendWith(EtcdExtension.class)
class EtcdKeyValueStoreTest extends KeyValueStoreContract {
    private static final AtomicInteger STORES = new AtomicInteger();

    private static EtcdServer etcd;
    private String prefix;

    @BeforeAll
    static void useEtcd(EtcdServer server) {
        etcd = server;
    }

    @Override
    protected KeyValueStore openStore() {
        prefix = "/contract-" + STORES.incrementAndGet();
        return reopened();
    }

    private KeyValueStore reopened() {
        return EtcdKeyValueStore.open(etcd.options().withPrefix(prefix), "");
    }

    @Test
    void aReopenedStoreHasTheSameKeysAndRevisions() {
        long a = put("/a", "one");
        committed(store.update("/a", bytes("uno"), a));
        put("/b", "two");
        store.close();

        store = reopened();

        assertThat(store.get("/a")).contains(new KeyValue("/a", bytes("uno"), rev(1), rev(2)));
        assertThat(store.currentRevision()).isEqualTo(rev(3));
        assertThat(store.range("/", null, 0, rev(1)).items()).extracting(KeyValue::valueAsString)
                .containsExactly("one");
    }

    @Test
    void keysLiveUnderTheEtcdPrefixWithTheRootReplaced() throws Exception {
        store.close();
        store = EtcdKeyValueStore.open(etcd.options().withPrefix(prefix + "/registry/"), "/registry");
        put("/registry/pods/default/web", "{}");

        try (Client raw = Client.builder().endpoints(etcd.endpoint()).build()) {
            List<String> keys = raw.getKVClient().get(etcdKey(prefix), GetOption.builder().isPrefix(true)
                            .withKeysOnly(true).build()).get(10, TimeUnit.SECONDS).getKvs().stream()
                    .map(kv -> kv.getKey().toString(StandardCharsets.UTF_8)).toList();
            assertThat(keys).containsExactly(prefix + "/registry/pods/default/web");
        }
        assertThat(keys(store.range("/registry/pods/", null, 0, 0))).containsExactly("/registry/pods/default/web");
        assertThat(keys(store.range("/", null, 0, 0))).containsExactly("/registry/pods/default/web");
        assertThat(store.range("/other/", null, 0, 0).items()).isEmpty();
        assertThatThrownBy(() -> store.create("/other", bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static ByteSequence etcdKey(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    @Test
    void aRequestedProgressTellsAWatchOfWritesToOtherKeys() {
        AtomicLong progress = new AtomicLong();
        List<WatchEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Watch watch = store.watch("/quiet/", base, new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> batch) {
                events.addAll(batch);
            }

            @Override
            public void onProgress(long revision) {
                progress.accumulateAndGet(revision, Math::max);
            }
        });
        long written = put("/busy/1", "x");

        watch.requestProgress();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> progress.get() >= written);
        assertThat(events).isEmpty();
    }

    @Test
    void compactorsOnOneEtcdTakeTurnsThroughTheCompactKey() {
        EtcdKeyValueStore etcdStore = (EtcdKeyValueStore) store;
        try (EtcdCompactor first = etcdStore.compactor(Duration.ZERO);
                EtcdCompactor second = etcdStore.compactor(Duration.ZERO)) {
            assertThat(first.tick()).as("the first round only notes the revision").isZero();
            long noted = store.currentRevision();
            put("/a", "one");
            assertThat(second.tick()).as("another compactor moved the compact key: this one waits").isZero();

            long compacted = first.tick();

            assertThat(compacted).isEqualTo(noted);
            assertThat(store.compactRevision()).isEqualTo(noted);
            assertThat(second.tick()).isZero();
        }
    }

    @Test
    void anUnreachableEtcdIsToldInOneLine() {
        EtcdOptions nowhere = EtcdOptions.of(List.of(java.net.URI.create("http://127.0.0.1:1")));

        assertThatThrownBy(() -> EtcdKeyValueStore.open(nowhere, "", Duration.ofSeconds(1)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot reach etcd at http://127.0.0.1:1: ");
    }

    @Test
    void aWatchOvertakenByCompactionWhileEtcdReplaysIsRefused() {
        for (int i = 0; i < 5; i++) {
            put("/k/" + i, "v");
        }
        store.compact(rev(3));

        assertThatThrownBy(() -> store.watch("/", rev(1), new RecordingListener()))
                .isInstanceOfSatisfying(skiff.store.CompactedException.class,
                        e -> assertThat(e.compactRevision()).isEqualTo(rev(3)));
    }
}
