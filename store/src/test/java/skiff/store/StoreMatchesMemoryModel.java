package skiff.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.store.memory.MemoryKeyValueStore;

/**
 * Applies the same seeded random operations to a store and to the in-memory model and demands identical answers,
 * revisions counted from the revision the store started at (0, or where a shared etcd was). Replay one seed with
 * {@code -Dskiff.store.seed=N}. Subclasses say how to open the store, and open it again on the same data.
 */
public abstract class StoreMatchesMemoryModel {
    private static final List<String> KEYS = List.of(
            "/r/a/0", "/r/a/1", "/r/a/2", "/r/a/3", "/r/b/0", "/r/b/1", "/r/b/2", "/r/c", "/s/0", "/s/1");
    private static final List<String> PREFIXES = List.of("", "/", "/r/", "/r/a/", "/r/b", "/s/", "/t/");

    @TempDir
    protected Path directory;

    /** A new, empty store. */
    protected abstract KeyValueStore open();

    /** The store {@link #open} made, opened again on the same data after it was closed. */
    protected abstract KeyValueStore reopen();

    /** How many random operations each seed runs. */
    protected int operations() {
        return 2_500;
    }

    static Stream<Long> seeds() {
        String chosen = System.getProperty("skiff.store.seed");
        if (chosen != null) {
            return Stream.of(Long.parseLong(chosen));
        }
        return Stream.of(1L, 42L, 20240611L, 7_777_777L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theStoreAnswersEveryOperationAsTheModelDoes(long seed) {
        Random random = new Random(seed);
        MemoryKeyValueStore model = new MemoryKeyValueStore();
        KeyValueStore store = open();
        long base = store.currentRevision();
        int step = 0;
        try {
            for (; step < operations(); step++) {
                Operation operation = Operation.pick(random);
                if (operation == Operation.RESTART) {
                    store.close();
                    store = reopen();
                    continue;
                }
                Operation.Call call = operation.call(random, model);
                assertThat(answer(call, store, base)).as(operation.name()).isEqualTo(answer(call, model, 0));
                assertThat(store.currentRevision() - base).isEqualTo(model.currentRevision());
            }
            assertThat(history(store, base)).isEqualTo(history(model, 0));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " failed at step " + step + " (replay with -Dskiff.store.seed="
                    + seed + "): " + e.getMessage(), e);
        } finally {
            store.close();
            model.close();
        }
    }

    /**
     * The call's result with revisions counted from {@code base}, or for a compacted read the exception's
     * revisions, so both sides compare as values.
     */
    private static Object answer(Operation.Call call, KeyValueStore store, long base) {
        try {
            return relative(call.apply(store, base), base);
        } catch (CompactedException e) {
            return "compacted " + (e.requestedRevision() - base) + "/" + (e.compactRevision() - base);
        }
    }

    private static Object relative(Object answer, long base) {
        return switch (answer) {
            case KeyValue kv -> relative(kv, base);
            case Optional<?> kv -> kv.map(k -> relative((KeyValue) k, base));
            case RangeResult r -> new RangeResult(r.items().stream().map(kv -> relative(kv, base)).toList(),
                    r.revision() - base, r.more());
            case WriteResult.Committed c -> new WriteResult.Committed(c.revision() - base, relative(c.kv(), base));
            case WriteResult.RevisionMismatch m -> new WriteResult.RevisionMismatch(m.current().map(kv -> relative(kv,
                    base)));
            case Revision r -> Math.max(0, r.value() - base);
            case null -> null;
            default -> answer;
        };
    }

    private static KeyValue relative(KeyValue kv, long base) {
        return new KeyValue(kv.key(), kv.value(), kv.createRevision() - base, kv.modRevision() - base);
    }

    /** An answer that is a revision (not a count). */
    private record Revision(long value) {}

    private static List<?> history(KeyValueStore store, long base) {
        RecordingListener listener = new RecordingListener();
        long from = Math.max(base, store.compactRevision());
        if (from == store.currentRevision()) {
            return List.of();
        }
        store.watch("", from, listener);
        listener.awaitRevision(store.currentRevision());
        assertThat(listener.revisions())
                .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, store.currentRevision()).boxed().toList());
        return listener.events().stream().map(e -> new WatchEvent(e.type(), relative(e.kv(), base),
                e.prevKv() == null ? null : relative(e.prevKv(), base), e.revision() - base)).toList();
    }

    private enum Operation {
        CREATE(20), UPDATE_CURRENT(18), UPDATE_STALE(5), DELETE_ANY(5), DELETE_CURRENT(5), DELETE_STALE(3),
        GET(8), RANGE_NOW(8), RANGE_BEFORE(12), COUNT(5), COMPACT(2), RESTART(1);

        private static final int TOTAL = Stream.of(values()).mapToInt(o -> o.weight).sum();
        private final int weight;

        Operation(int weight) {
            this.weight = weight;
        }

        static Operation pick(Random random) {
            int ticket = random.nextInt(TOTAL);
            for (Operation operation : values()) {
                ticket -= operation.weight;
                if (ticket < 0) {
                    return operation;
                }
            }
            throw new IllegalStateException();
        }

        /** One operation's call on a store whose revisions start at {@code base}. */
        interface Call {
            Object apply(KeyValueStore store, long base);
        }

        /** Draws the arguments from the random source (using the model to find current revisions). */
        Call call(Random random, KeyValueStore model) {
            String key = KEYS.get(random.nextInt(KEYS.size()));
            byte[] value = new byte[random.nextInt(48)];
            random.nextBytes(value);
            long modRevision = model.get(key).map(KeyValue::modRevision).orElse(0L);
            long stale = modRevision + 1 + random.nextInt(3);
            String prefix = PREFIXES.get(random.nextInt(PREFIXES.size()));
            String startAfter = random.nextInt(3) == 0 ? KEYS.get(random.nextInt(KEYS.size())) : null;
            int limit = random.nextInt(4);
            long current = model.currentRevision();
            long compacted = model.compactRevision();
            long old = Math.max(1, compacted - 2 + random.nextLong(current - compacted + 3));
            long compactTo = compacted + random.nextLong(Math.max(1, current - compacted + 1));
            // A precondition of 0 means none, and a range at 0 means now, whatever the base.
            return switch (this) {
                case CREATE -> (s, base) -> s.create(key, value);
                case UPDATE_CURRENT -> (s, base) -> s.update(key, value, modRevision == 0 ? 0 : base + modRevision);
                case UPDATE_STALE -> (s, base) -> s.update(key, value, base + stale);
                case DELETE_ANY -> (s, base) -> s.delete(key, 0);
                case DELETE_CURRENT -> (s, base) -> s.delete(key, modRevision == 0 ? 0 : base + modRevision);
                case DELETE_STALE -> (s, base) -> s.delete(key, base + stale);
                case GET -> (s, base) -> s.get(key);
                case RANGE_NOW -> (s, base) -> s.range(prefix, startAfter, limit, 0);
                case RANGE_BEFORE -> (s, base) -> s.range(prefix, startAfter, limit, base + old);
                case COUNT -> (s, base) -> s.count(prefix);
                case COMPACT -> (s, base) -> {
                    s.compact(base + compactTo);
                    return new Revision(s.compactRevision());
                };
                case RESTART -> (s, base) -> null;
            };
        }
    }
}
