package skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.KeyValueStoreContract;
import skiff.store.RecordingListener;
import skiff.store.StoreException;
import skiff.store.WatchEvent;
import skiff.store.WatchListener;
import skiff.store.WriteResult;

class SqliteKeyValueStoreTest extends KeyValueStoreContract {

    @Override
    protected KeyValueStore openStore() {
        return SqliteKeyValueStore.open(file());
    }

    private Path file() {
        return directory.resolve("store.db");
    }

    private void reopen() {
        store.close();
        store = SqliteKeyValueStore.open(file());
    }

    private void reopenWith(SqliteStoreLimits limits) {
        store.close();
        store = SqliteKeyValueStore.open(file(), limits);
    }

    @Test
    void closeAndReopenKeepsValuesAndTheRevision() {
        long a = put("/a", "one");
        put("/b", "two");
        committed(store.update("/a", bytes("uno"), a));

        reopen();

        assertThat(store.currentRevision()).isEqualTo(3);
        assertThat(store.get("/a")).contains(new KeyValue("/a", bytes("uno"), 1, 3));
        assertThat(store.range("/", null, 0, 2).items()).extracting(KeyValue::valueAsString).containsExactly("one", "two");
        assertThat(store.count("/")).isEqualTo(2);
        assertThat(put("/c", "three")).isEqualTo(4);
    }

    @Test
    void preconditionsHoldAcrossARestart() {
        put("/a", "one");
        reopen();

        assertThat(store.create("/a", bytes("again"))).isInstanceOf(WriteResult.RevisionMismatch.class);
        assertThat(store.update("/a", bytes("x"), 7)).isInstanceOf(WriteResult.RevisionMismatch.class);
        assertThat(committed(store.update("/a", bytes("two"), 1)).revision()).isEqualTo(2);
    }

    @Test
    void theRevisionContinuesAfterDeletingTheLastKey() {
        put("/a", "one");
        committed(store.delete("/a", 0));

        reopen();

        assertThat(store.currentRevision()).isEqualTo(2);
        assertThat(store.get("/a")).isEmpty();
        assertThat(put("/b", "two")).isEqualTo(3);
    }

    @Test
    void theRevisionContinuesAfterCompactionRemovedADeletionAtTheEndOfTheLog() {
        put("/a", "one");
        committed(store.delete("/a", 0));
        store.compact(2);

        reopen();

        assertThat(store.currentRevision()).isEqualTo(2);
        assertThat(put("/a", "two")).isEqualTo(3);
    }

    @Test
    void compactionSurvivesARestart() {
        long a = put("/a", "one");
        committed(store.update("/a", bytes("two"), a));
        put("/b", "three");
        store.compact(2);

        reopen();

        assertThat(store.compactRevision()).isEqualTo(2);
        assertThatThrownBy(() -> store.range("/", null, 0, 1)).isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.watch("/", 1, new RecordingListener())).isInstanceOf(CompactedException.class);
        assertThat(store.range("/", null, 0, 2).items()).extracting(KeyValue::valueAsString).containsExactly("two");
    }

    @Test
    void aWatchAfterARestartReplaysTheSameHistoryFromTheDatabase() {
        RecordingListener live = new RecordingListener();
        store.watch("/", 0, live);
        long a = put("/a", "one");
        committed(store.update("/a", bytes("two"), a));
        put("/b", "three");
        committed(store.delete("/a", 0));
        committed(store.update("/b", bytes("four"), 3));
        live.awaitRevision(5);

        reopen();
        RecordingListener replayed = new RecordingListener();
        store.watch("/", 0, replayed);

        replayed.awaitRevision(5);
        assertThat(replayed.events()).isEqualTo(live.events());
    }

    @Test
    void aWatchStartingBeforeTheRecentEventsReplaysFromTheDatabaseWithoutGapsWhileWritersRun() throws Exception {
        reopenWith(SqliteStoreLimits.defaults().withRecentEvents(8).withWatchPageRows(5));
        for (int i = 0; i < 100; i++) {
            put("/old/" + i, "v" + i);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String prefix = "/new/" + w + "/";
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        put(prefix + i, "x");
                    }
                    return null;
                }));
            }
            RecordingListener everything = new RecordingListener();
            RecordingListener underOld = new RecordingListener();
            store.watch("", 3, everything);
            store.watch("/old/", 0, underOld);
            for (Future<?> writer : writers) {
                writer.get();
            }
            everything.awaitRevision(300);
            underOld.awaitRevision(100);
            assertThat(everything.revisions()).containsExactlyElementsOf(LongStream.rangeClosed(4, 300).boxed().toList());
            assertThat(everything.events().getFirst()).isEqualTo(new WatchEvent(WatchEvent.Type.PUT,
                    new KeyValue("/old/3", bytes("v3"), 4, 4), null, 4));
            assertThat(underOld.revisions()).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        }
    }

    @Test
    void aReplayOvertakenByCompactionEndsWithCompactedExceptionAndNoGap() {
        reopenWith(SqliteStoreLimits.defaults().withRecentEvents(4).withWatchPageRows(5));
        for (int i = 0; i < 30; i++) {
            put("/k/" + i, "v");
        }
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener replay = new RecordingListener();
        store.watch("/", 0, blockingUntil(release, replay));

        store.compact(20);
        release.countDown();

        replay.awaitClose();
        assertThat(replay.closeCause()).isInstanceOf(CompactedException.class);
        List<Long> seen = replay.revisions();
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, seen.size()).boxed().toList());
    }

    @Test
    void listenersRunOnStoreThreads() {
        RecordingListener listener = new RecordingListener();
        store.watch("/", 0, listener);
        put("/a", "one");

        listener.awaitRevision(1);
        assertThat(listener.deliveryThreads()).allSatisfy(name -> assertThat(name).startsWith("skiff-watch"));
    }

    @Test
    void aSlowListenerDoesNotHoldUpWrites() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener slow = new RecordingListener();
        store.watch("/", 0, blockingUntil(release, slow));

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 200; i++) {
                put("/k/" + i, "v");
            }
        });
        release.countDown();

        slow.awaitRevision(200);
        assertThat(slow.revisions()).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    }

    @Test
    void aWatchThatFallsTooFarBehindIsClosedWithACauseAndOthersCarryOn() throws Exception {
        reopenWith(SqliteStoreLimits.defaults().withWatcherEvents(20));
        CountDownLatch release = new CountDownLatch(1);
        RecordingListener slow = new RecordingListener();
        RecordingListener healthy = new RecordingListener();
        store.watch("/", 0, blockingUntil(release, slow));
        store.watch("/", 0, healthy);

        for (int i = 0; i < 60; i++) {
            put("/k/" + i, "v");
        }
        healthy.awaitRevision(60);
        release.countDown();

        slow.awaitClose();
        assertThat(slow.closeCause()).isInstanceOf(StoreException.class).hasMessageContaining("fell behind");
        assertThat(healthy.isClosed()).isFalse();
        assertThat(healthy.revisions()).hasSize(60);
    }

    @Test
    void automaticCompactionKeepsTheNewestRevisions() {
        for (int i = 0; i < 20; i++) {
            put("/k/" + i, "v");
        }
        ((SqliteKeyValueStore) store).startAutoCompaction(Duration.ofMillis(20), 5);

        await().atMost(Duration.ofSeconds(10)).until(() -> store.compactRevision() == 15);
        assertThat(store.range("/", null, 0, 15).items()).hasSize(15);
        assertThat(store.count("/")).isEqualTo(20);
    }

    @Test
    void writesFromAListenerAreAllowed() {
        RecordingListener echoes = new RecordingListener();
        store.watch("/echo/", 0, echoes);
        store.watch("/in/", 0, events -> events.forEach(e -> store.create("/echo" + e.kv().key(), e.kv().value())));

        put("/in/1", "x");
        put("/in/2", "y");

        await().atMost(Duration.ofSeconds(10)).until(() -> echoes.events().size() == 2);
        assertThat(store.get("/echo/in/2").orElseThrow().valueAsString()).isEqualTo("y");
    }

    private static WatchListener blockingUntil(CountDownLatch release, RecordingListener then) {
        return new WatchListener() {
            @Override
            public void onEvents(List<WatchEvent> events) {
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                then.onEvents(events);
            }

            @Override
            public void onClose(Throwable cause) {
                then.onClose(cause);
            }
        };
    }
}
