package skiff.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every {@link KeyValueStore} shares. Subclasses say how to open a fresh store. */
public abstract class KeyValueStoreContract {
    @TempDir
    protected Path directory;
    protected KeyValueStore store;

    /** A new, empty store (it may live in {@link #directory}). */
    protected abstract KeyValueStore openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static WriteResult.Committed committed(WriteResult result) {
        assertThat(result).isInstanceOf(WriteResult.Committed.class);
        return (WriteResult.Committed) result;
    }

    protected long put(String key, String value) {
        return committed(store.create(key, bytes(value))).revision();
    }

    protected static List<String> keys(RangeResult result) {
        return result.items().stream().map(KeyValue::key).toList();
    }

    @Test
    void anEmptyStoreIsAtRevisionZero() {
        assertThat(store.currentRevision()).isZero();
        assertThat(store.compactRevision()).isZero();
        assertThat(store.get("/a")).isEmpty();
        assertThat(store.range("/", null, 0, 0)).isEqualTo(new RangeResult(List.of(), 0, false));
    }

    @Test
    void createStoresTheValueAtTheNextRevision() {
        WriteResult.Committed result = committed(store.create("/a", bytes("one")));

        KeyValue expected = new KeyValue("/a", bytes("one"), 1, 1);
        assertThat(result).isEqualTo(new WriteResult.Committed(1, expected));
        assertThat(store.get("/a")).contains(expected);
        assertThat(store.currentRevision()).isEqualTo(1);
    }

    @Test
    void createOfAnExistingKeyIsRefusedWithItsCurrentValue() {
        put("/a", "one");

        assertThat(store.create("/a", bytes("two")))
                .isEqualTo(new WriteResult.RevisionMismatch(store.get("/a")));
        assertThat(store.get("/a").orElseThrow().valueAsString()).isEqualTo("one");
    }

    @Test
    void updateAtTheCurrentModRevisionReplacesTheValueAndKeepsTheCreateRevision() {
        put("/a", "one");
        WriteResult.Committed result = committed(store.update("/a", bytes("two"), 1));

        assertThat(result.kv()).isEqualTo(new KeyValue("/a", bytes("two"), 1, 2));
        assertThat(store.get("/a")).contains(result.kv());
    }

    @Test
    void updateWithAStaleModRevisionOrOfAMissingKeyIsRefusedWithTheCurrentValue() {
        put("/a", "one");
        committed(store.update("/a", bytes("two"), 1));

        assertThat(store.update("/a", bytes("three"), 1)).isEqualTo(new WriteResult.RevisionMismatch(store.get("/a")));
        assertThat(store.update("/b", bytes("one"), 0)).isEqualTo(new WriteResult.RevisionMismatch(Optional.empty()));
        assertThat(store.get("/a").orElseThrow().valueAsString()).isEqualTo("two");
    }

    @Test
    void deleteWithoutPreconditionRemovesTheKeyAndReturnsItsLastValue() {
        put("/a", "one");
        WriteResult.Committed result = committed(store.delete("/a", 0));

        assertThat(result).isEqualTo(new WriteResult.Committed(2, new KeyValue("/a", bytes("one"), 1, 1)));
        assertThat(store.get("/a")).isEmpty();
    }

    @Test
    void deleteWithAPreconditionChecksTheModRevision() {
        put("/a", "one");
        committed(store.update("/a", bytes("two"), 1));

        assertThat(store.delete("/a", 1)).isInstanceOf(WriteResult.RevisionMismatch.class);
        assertThat(committed(store.delete("/a", 2)).revision()).isEqualTo(3);
        assertThat(store.delete("/a", 0)).isEqualTo(new WriteResult.RevisionMismatch(Optional.empty()));
    }

    @Test
    void aKeyCreatedAgainAfterDeletionStartsANewLife() {
        put("/a", "one");
        committed(store.delete("/a", 0));
        WriteResult.Committed again = committed(store.create("/a", bytes("two")));

        assertThat(again.kv()).isEqualTo(new KeyValue("/a", bytes("two"), 3, 3));
    }

    @Test
    void refusedWritesDoNotUseUpRevisions() {
        put("/a", "one");
        store.create("/a", bytes("again"));
        store.update("/a", bytes("x"), 7);
        store.delete("/b", 0);

        assertThat(store.currentRevision()).isEqualTo(1);
        assertThat(put("/b", "two")).isEqualTo(2);
    }

    @Test
    void storedValuesAreCopiesOfTheCallersBytes() {
        byte[] value = bytes("one");
        store.create("/a", value);
        value[0] = 'X';

        assertThat(store.get("/a").orElseThrow().valueAsString()).isEqualTo("one");
    }

    @Test
    void emptyAndMultiMegabyteValuesRoundTrip() {
        byte[] large = new byte[3 << 20];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 31);
        }
        store.create("/empty", new byte[0]);
        store.create("/large", large);

        assertThat(store.get("/empty").orElseThrow().value()).isEmpty();
        assertThat(store.get("/large").orElseThrow().value()).isEqualTo(large);
    }

    @Test
    void rangeReturnsTheKeysUnderThePrefixInKeyOrder() {
        for (String key : List.of("/b/1", "/a/2", "/ab", "/a/1", "/a/3", "/")) {
            put(key, key);
        }

        assertThat(keys(store.range("/a/", null, 0, 0))).containsExactly("/a/1", "/a/2", "/a/3");
        assertThat(keys(store.range("/a", null, 0, 0))).containsExactly("/a/1", "/a/2", "/a/3", "/ab");
        assertThat(keys(store.range("", null, 0, 0))).containsExactly("/", "/a/1", "/a/2", "/a/3", "/ab", "/b/1");
        assertThat(store.range("/c/", null, 0, 0).items()).isEmpty();
        assertThat(store.range("/a/", null, 0, 0).revision()).isEqualTo(6);
    }

    @Test
    void rangePagesWithStartAfterAndLimit() {
        for (String key : List.of("/0", "/a/1", "/a/2", "/a/3", "/b/1")) {
            put(key, key);
        }

        RangeResult first = store.range("/a/", null, 2, 0);
        RangeResult second = store.range("/a/", "/a/2", 2, 0);

        assertThat(keys(first)).containsExactly("/a/1", "/a/2");
        assertThat(first.more()).isTrue();
        assertThat(keys(second)).containsExactly("/a/3");
        assertThat(second.more()).isFalse();
        assertThat(store.range("/a/", null, 3, 0).more()).isFalse();
        assertThat(keys(store.range("/a/", "/", 1, 0))).containsExactly("/a/1");
        assertThat(keys(store.range("/a/", "/a/3", 0, 0))).isEmpty();
    }

    @Test
    void rangeAtAnOldRevisionShowsTheKeysAsTheyWereThen() {
        long created = put("/a/1", "one");
        put("/a/2", "two");
        long before = store.currentRevision();
        committed(store.update("/a/1", bytes("uno"), created));
        committed(store.delete("/a/2", 0));
        put("/a/3", "three");

        RangeResult then = store.range("/a/", null, 0, before);

        assertThat(then.revision()).isEqualTo(before);
        assertThat(then.items()).containsExactly(
                new KeyValue("/a/1", bytes("one"), 1, 1), new KeyValue("/a/2", bytes("two"), 2, 2));
        assertThat(keys(store.range("/a/", null, 0, 0))).containsExactly("/a/1", "/a/3");
        assertThat(keys(store.range("/a/", null, 0, 1))).containsExactly("/a/1");
    }

    @Test
    void rangePagesSkipDeletedKeysAndOlderVersionsNowAndAtAnOldRevision() {
        for (String key : List.of("/a/1", "/a/2", "/a/3", "/a/4", "/a/5")) {
            put(key, key);
        }
        committed(store.update("/a/2", bytes("/a/2 b"), 2));
        committed(store.update("/a/2", bytes("/a/2 c"), 6));
        committed(store.delete("/a/3", 0));
        long before = store.currentRevision();
        committed(store.delete("/a/4", 0));
        committed(store.delete("/a/1", 0));
        put("/a/1", "/a/1 again");

        RangeResult nowFirst = store.range("/a/", null, 2, 0);
        RangeResult nowSecond = store.range("/a/", "/a/2", 2, 0);
        RangeResult thenFirst = store.range("/a/", null, 2, before);
        RangeResult thenSecond = store.range("/a/", "/a/2", 2, before);

        assertThat(values(nowFirst)).containsExactly("/a/1 again", "/a/2 c");
        assertThat(nowFirst.more()).isTrue();
        assertThat(values(nowSecond)).containsExactly("/a/5");
        assertThat(nowSecond.more()).isFalse();
        assertThat(values(thenFirst)).containsExactly("/a/1", "/a/2 c");
        assertThat(thenFirst.more()).isTrue();
        assertThat(values(thenSecond)).containsExactly("/a/4", "/a/5");
        assertThat(thenSecond.more()).isFalse();
    }

    private static List<String> values(RangeResult result) {
        return result.items().stream().map(kv -> new String(kv.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void countCountsLiveKeysUnderThePrefix() {
        for (String key : List.of("/a/1", "/a/2", "/ab", "/b/1")) {
            put(key, key);
        }
        committed(store.delete("/a/2", 0));

        assertThat(store.count("/a/")).isEqualTo(1);
        assertThat(store.count("/a")).isEqualTo(2);
        assertThat(store.count("")).isEqualTo(3);
        assertThat(store.count("/c")).isZero();
    }

    @Test
    void everyCommittedWriteTakesTheNextRevision() {
        List<Long> revisions = new ArrayList<>();
        revisions.add(put("/a", "1"));
        revisions.add(committed(store.update("/a", bytes("2"), 1)).revision());
        revisions.add(put("/b", "3"));
        revisions.add(committed(store.delete("/a", 0)).revision());

        assertThat(revisions).containsExactly(1L, 2L, 3L, 4L);
        assertThat(store.currentRevision()).isEqualTo(4);
    }

    @Test
    void watchDeliversCommittedEventsAfterTheRevisionThenLiveOnes() {
        put("/a", "one");
        committed(store.update("/a", bytes("two"), 1));
        RecordingListener fromOne = new RecordingListener();
        RecordingListener fromZero = new RecordingListener();
        store.watch("/", 1, fromOne);
        store.watch("/", 0, fromZero);
        committed(store.delete("/a", 0));

        fromOne.awaitRevision(3);
        fromZero.awaitRevision(3);
        KeyValue one = new KeyValue("/a", bytes("one"), 1, 1);
        KeyValue two = new KeyValue("/a", bytes("two"), 1, 2);
        List<WatchEvent> expected = List.of(
                new WatchEvent(WatchEvent.Type.PUT, one, null, 1),
                new WatchEvent(WatchEvent.Type.PUT, two, one, 2),
                new WatchEvent(WatchEvent.Type.DELETE, two, null, 3));
        assertThat(fromZero.events()).isEqualTo(expected);
        assertThat(fromZero.events().getFirst().isCreate()).isTrue();
        assertThat(fromOne.events()).isEqualTo(expected.subList(1, 3));
    }

    @Test
    void watchOnlySeesKeysUnderItsPrefix() {
        RecordingListener listener = new RecordingListener();
        store.watch("/a/", store.currentRevision(), listener);
        put("/a/1", "x");
        put("/ab", "x");
        put("/b/1", "x");
        put("/a/2", "x");

        listener.awaitRevision(4);
        assertThat(listener.events()).extracting(e -> e.kv().key()).containsExactly("/a/1", "/a/2");
    }

    @Test
    void watchesStartedWhileWritersRaceSeeEveryLaterRevisionExactlyOnce() throws Exception {
        int writers = 8;
        int writesEach = 60;
        List<RecordingListener> listeners = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String key = "/race/" + w;
                running.add(pool.submit(() -> {
                    long rev = committed(store.create(key, bytes("0"))).revision();
                    for (int i = 1; i < writesEach; i++) {
                        rev = committed(store.update(key, bytes(Integer.toString(i)), rev)).revision();
                    }
                    return null;
                }));
            }
            for (long target = 40; target <= 360; target += 80) {
                long at = target;
                await().until(() -> store.currentRevision() >= at);
                long from = Math.max(0, store.currentRevision() - 25);
                RecordingListener listener = new RecordingListener();
                store.watch("/race/", from, listener);
                listeners.add(listener);
                starts.add(from);
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        long last = store.currentRevision();
        assertThat(last).isEqualTo((long) writers * writesEach);
        for (int i = 0; i < listeners.size(); i++) {
            listeners.get(i).awaitRevision(last);
            assertThat(listeners.get(i).revisions())
                    .containsExactlyElementsOf(LongStream.rangeClosed(starts.get(i) + 1, last).boxed().toList());
        }
    }

    @Test
    void aClosedWatchReceivesNothingMore() {
        RecordingListener listener = new RecordingListener();
        RecordingListener witness = new RecordingListener();
        Watch watch = store.watch("/", 0, listener);
        store.watch("/", 0, witness);
        put("/a", "one");
        listener.awaitRevision(1);

        watch.close();
        put("/b", "two");

        witness.awaitRevision(2);
        assertThat(listener.revisions()).containsExactly(1L);
        assertThat(listener.isClosed()).isFalse();
    }

    @Test
    void compactionKeepsCurrentValuesAndTheStateAtTheCompactRevision() {
        long a = put("/a", "one");
        put("/b", "two");
        committed(store.update("/a", bytes("uno"), a));
        committed(store.delete("/b", 0));
        put("/c", "three");
        RangeResult atFour = store.range("/", null, 0, 4);
        RangeResult now = store.range("/", null, 0, 0);

        store.compact(4);

        assertThat(store.compactRevision()).isEqualTo(4);
        assertThat(store.range("/", null, 0, 4)).isEqualTo(atFour);
        assertThat(store.range("/", null, 0, 0)).isEqualTo(now);
        assertThatThrownBy(() -> store.range("/", null, 0, 3)).isInstanceOfSatisfying(CompactedException.class,
                e -> assertThat(e.compactRevision()).isEqualTo(4));
        assertThat(store.count("/")).isEqualTo(2);
    }

    @Test
    void watchBelowTheCompactRevisionIsRefusedButFromItWorks() {
        put("/a", "one");
        put("/b", "two");
        put("/c", "three");
        store.compact(2);

        assertThatThrownBy(() -> store.watch("/", 1, new RecordingListener())).isInstanceOf(CompactedException.class);
        RecordingListener listener = new RecordingListener();
        store.watch("/", 2, listener);
        listener.awaitRevision(3);
        assertThat(listener.revisions()).containsExactly(3L);
    }

    @Test
    void compactionNeverMovesBackAndStopsAtTheCurrentRevision() {
        put("/a", "one");
        put("/b", "two");
        store.compact(100);
        assertThat(store.compactRevision()).isEqualTo(2);
        store.compact(1);
        assertThat(store.compactRevision()).isEqualTo(2);
        assertThat(put("/c", "three")).isEqualTo(3);
    }

    @Test
    void compactingADeletedKeyForgetsIt() {
        put("/a", "one");
        committed(store.delete("/a", 0));
        store.compact(2);

        assertThat(store.get("/a")).isEmpty();
        assertThat(store.range("/", null, 0, 2).items()).isEmpty();
        assertThat(put("/a", "again")).isEqualTo(3);
    }

    @Test
    void closingTheStoreEndsWatchesAndRefusesFurtherCalls() {
        put("/a", "one");
        RecordingListener listener = new RecordingListener();
        store.watch("/", 0, listener);
        listener.awaitRevision(1);

        store.close();

        listener.awaitClose();
        assertThat(listener.closeCause()).isNull();
        assertThat(listener.closeCalls()).isEqualTo(1);
        List<Runnable> calls = List.of(
                () -> store.get("/a"), () -> store.range("/", null, 0, 0), () -> store.count("/"),
                () -> store.create("/b", bytes("x")), () -> store.update("/a", bytes("x"), 1),
                () -> store.delete("/a", 0), () -> store.watch("/", 0, new RecordingListener()),
                () -> store.compact(1), store::currentRevision);
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(StoreException.class);
        }
        store.close();
    }
}
