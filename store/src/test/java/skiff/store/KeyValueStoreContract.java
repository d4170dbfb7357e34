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
    /**
     * The revision the fresh store starts at: 0, or for a store whose keys are a fresh part of a shared etcd, the
     * revision etcd had reached. Every revision a test writes is counted from it ({@link #rev}).
     */
    protected long base;

    /** A new store with no keys (it may live in {@link #directory}). */
    protected abstract KeyValueStore openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
        base = store.currentRevision();
    }

    /** The revision of the {@code n}th write since the store was opened. */
    protected long rev(long n) {
        return base + n;
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
    void anEmptyStoreIsAtItsBaseRevision() {
        assertThat(store.currentRevision()).isEqualTo(base);
        assertThat(store.compactRevision()).isLessThanOrEqualTo(base);
        assertThat(store.get("/a")).isEmpty();
        assertThat(store.range("/", null, 0, 0)).isEqualTo(new RangeResult(List.of(), base, false));
    }

    @Test
    void createStoresTheValueAtTheNextRevision() {
        WriteResult.Committed result = committed(store.create("/a", bytes("one")));

        KeyValue expected = new KeyValue("/a", bytes("one"), rev(1), rev(1));
        assertThat(result).isEqualTo(new WriteResult.Committed(rev(1), expected));
        assertThat(store.get("/a")).contains(expected);
        assertThat(store.currentRevision()).isEqualTo(rev(1));
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
        WriteResult.Committed result = committed(store.update("/a", bytes("two"), rev(1)));

        assertThat(result.kv()).isEqualTo(new KeyValue("/a", bytes("two"), rev(1), rev(2)));
        assertThat(store.get("/a")).contains(result.kv());
    }

    @Test
    void updateWithAStaleModRevisionOrOfAMissingKeyIsRefusedWithTheCurrentValue() {
        put("/a", "one");
        committed(store.update("/a", bytes("two"), rev(1)));

        assertThat(store.update("/a", bytes("three"), rev(1))).isEqualTo(new WriteResult.RevisionMismatch(store.get("/a")));
        assertThat(store.update("/b", bytes("one"), 0)).isEqualTo(new WriteResult.RevisionMismatch(Optional.empty()));
        assertThat(store.get("/a").orElseThrow().valueAsString()).isEqualTo("two");
    }

    @Test
    void deleteWithoutPreconditionRemovesTheKeyAndReturnsItsLastValue() {
        put("/a", "one");
        WriteResult.Committed result = committed(store.delete("/a", 0));

        assertThat(result).isEqualTo(new WriteResult.Committed(rev(2), new KeyValue("/a", bytes("one"), rev(1), rev(1))));
        assertThat(store.get("/a")).isEmpty();
    }

    @Test
    void deleteWithAPreconditionChecksTheModRevision() {
        put("/a", "one");
        committed(store.update("/a", bytes("two"), rev(1)));

        assertThat(store.delete("/a", rev(1))).isInstanceOf(WriteResult.RevisionMismatch.class);
        assertThat(committed(store.delete("/a", rev(2))).revision()).isEqualTo(rev(3));
        assertThat(store.delete("/a", 0)).isEqualTo(new WriteResult.RevisionMismatch(Optional.empty()));
    }

    @Test
    void aKeyCreatedAgainAfterDeletionStartsANewLife() {
        put("/a", "one");
        committed(store.delete("/a", 0));
        WriteResult.Committed again = committed(store.create("/a", bytes("two")));

        assertThat(again.kv()).isEqualTo(new KeyValue("/a", bytes("two"), rev(3), rev(3)));
    }

    @Test
    void refusedWritesDoNotUseUpRevisions() {
        put("/a", "one");
        store.create("/a", bytes("again"));
        store.update("/a", bytes("x"), rev(7));
        store.delete("/b", 0);

        assertThat(store.currentRevision()).isEqualTo(rev(1));
        assertThat(put("/b", "two")).isEqualTo(rev(2));
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
        assertThat(store.range("/a/", null, 0, 0).revision()).isEqualTo(rev(6));
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
        assertThat(then.items()).containsExactly(new KeyValue("/a/1", bytes("one"), rev(1), rev(1)),
                new KeyValue("/a/2", bytes("two"), rev(2), rev(2)));
        assertThat(keys(store.range("/a/", null, 0, 0))).containsExactly("/a/1", "/a/3");
        assertThat(keys(store.range("/a/", null, 0, rev(1)))).containsExactly("/a/1");
    }

    @Test
    void rangePagesSkipDeletedKeysAndOlderVersionsNowAndAtAnOldRevision() {
        for (String key : List.of("/a/1", "/a/2", "/a/3", "/a/4", "/a/5")) {
            put(key, key);
        }
        committed(store.update("/a/2", bytes("/a/2 b"), rev(2)));
        committed(store.update("/a/2", bytes("/a/2 c"), rev(6)));
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
        revisions.add(committed(store.update("/a", bytes("2"), rev(1))).revision());
        revisions.add(put("/b", "3"));
        revisions.add(committed(store.delete("/a", 0)).revision());

        assertThat(revisions).containsExactly(rev(1), rev(2), rev(3), rev(4));
        assertThat(store.currentRevision()).isEqualTo(rev(4));
    }

    @Test
    void watchDeliversCommittedEventsAfterTheRevisionThenLiveOnes() {
        put("/a", "one");
        committed(store.update("/a", bytes("two"), rev(1)));
        RecordingListener fromOne = new RecordingListener();
        RecordingListener fromZero = new RecordingListener();
        store.watch("/", rev(1), fromOne);
        store.watch("/", rev(0), fromZero);
        committed(store.delete("/a", 0));

        fromOne.awaitRevision(rev(3));
        fromZero.awaitRevision(rev(3));
        KeyValue one = new KeyValue("/a", bytes("one"), rev(1), rev(1));
        KeyValue two = new KeyValue("/a", bytes("two"), rev(1), rev(2));
        List<WatchEvent> expected = List.of(
                new WatchEvent(WatchEvent.Type.PUT, one, null, rev(1)),
                new WatchEvent(WatchEvent.Type.PUT, two, one, rev(2)),
                new WatchEvent(WatchEvent.Type.DELETE, two, null, rev(3)));
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

        listener.awaitRevision(rev(4));
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
                long at = rev(target);
                await().until(() -> store.currentRevision() >= at);
                long from = Math.max(base, store.currentRevision() - 25);
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
        assertThat(last).isEqualTo(rev((long) writers * writesEach));
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
        Watch watch = store.watch("/", base, listener);
        store.watch("/", base, witness);
        put("/a", "one");
        listener.awaitRevision(rev(1));

        watch.close();
        put("/b", "two");

        witness.awaitRevision(rev(2));
        assertThat(listener.revisions()).containsExactly(rev(1));
        assertThat(listener.isClosed()).isFalse();
    }

    @Test
    void compactionKeepsCurrentValuesAndTheStateAtTheCompactRevision() {
        long a = put("/a", "one");
        put("/b", "two");
        committed(store.update("/a", bytes("uno"), a));
        committed(store.delete("/b", 0));
        put("/c", "three");
        RangeResult atFour = store.range("/", null, 0, rev(4));
        RangeResult now = store.range("/", null, 0, 0);

        store.compact(rev(4));

        assertThat(store.compactRevision()).isEqualTo(rev(4));
        assertThat(store.range("/", null, 0, rev(4))).isEqualTo(atFour);
        assertThat(store.range("/", null, 0, 0)).isEqualTo(now);
        assertThatThrownBy(() -> store.range("/", null, 0, rev(3))).isInstanceOfSatisfying(CompactedException.class,
                e -> assertThat(e.compactRevision()).isEqualTo(rev(4)));
        assertThat(store.count("/")).isEqualTo(2);
    }

    @Test
    void watchBelowTheCompactRevisionIsRefusedButFromItWorks() {
        put("/a", "one");
        put("/b", "two");
        put("/c", "three");
        store.compact(rev(2));

        assertThatThrownBy(() -> store.watch("/", rev(1), new RecordingListener()))
                .isInstanceOf(CompactedException.class);
        RecordingListener listener = new RecordingListener();
        store.watch("/", rev(2), listener);
        listener.awaitRevision(rev(3));
        assertThat(listener.revisions()).containsExactly(rev(3));
    }

    @Test
    void compactionNeverMovesBackAndStopsAtTheCurrentRevision() {
        put("/a", "one");
        put("/b", "two");
        store.compact(rev(100));
        assertThat(store.compactRevision()).isEqualTo(rev(2));
        store.compact(rev(1));
        assertThat(store.compactRevision()).isEqualTo(rev(2));
        assertThat(put("/c", "three")).isEqualTo(rev(3));
    }

    @Test
    void compactingADeletedKeyForgetsIt() {
        put("/a", "one");
        committed(store.delete("/a", 0));
        store.compact(rev(2));

        assertThat(store.get("/a")).isEmpty();
        assertThat(store.range("/", null, 0, rev(2)).items()).isEmpty();
        assertThat(put("/a", "again")).isEqualTo(rev(3));
    }

    @Test
    void closingTheStoreEndsWatchesAndRefusesFurtherCalls() {
        put("/a", "one");
        RecordingListener listener = new RecordingListener();
        store.watch("/", base, listener);
        listener.awaitRevision(rev(1));

        store.close();

        listener.awaitClose();
        assertThat(listener.closeCause()).isNull();
        assertThat(listener.closeCalls()).isEqualTo(1);
        List<Runnable> calls = List.of(
                () -> store.get("/a"), () -> store.range("/", null, 0, 0), () -> store.count("/"),
                () -> store.create("/b", bytes("x")), () -> store.update("/a", bytes("x"), 1),
                () -> store.delete("/a", 0), () -> store.watch("/", base, new RecordingListener()),
                () -> store.compact(rev(1)), store::currentRevision);
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(StoreException.class);
        }
        store.close();
    }
}
