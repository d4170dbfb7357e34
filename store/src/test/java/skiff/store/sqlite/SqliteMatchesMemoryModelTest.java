package skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.store.CompactedException;
import skiff.store.KeyValue;
import skiff.store.KeyValueStore;
import skiff.store.RecordingListener;
import skiff.store.memory.MemoryKeyValueStore;

/**
 * Applies the same seeded random operations to the SQLite store and to the in-memory model and demands identical
 * answers. Replay one seed with {@code -Dskiff.store.seed=N}.
 */
class SqliteMatchesMemoryModelTest {
    private static final int OPERATIONS = 2_500;
    private static final List<String> KEYS = List.of(
            "/r/a/0", "/r/a/1", "/r/a/2", "/r/a/3", "/r/b/0", "/r/b/1", "/r/b/2", "/r/c", "/s/0", "/s/1");
    private static final List<String> PREFIXES = List.of("", "/", "/r/", "/r/a/", "/r/b", "/s/", "/t/");

    @TempDir
    Path directory;

    static Stream<Long> seeds() {
        String chosen = System.getProperty("skiff.store.seed");
        if (chosen != null) {
            return Stream.of(Long.parseLong(chosen));
        }
        return Stream.of(1L, 42L, 20240611L, 7_777_777L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sqliteAnswersEveryOperationAsTheModelDoes(long seed) {
        Random random = new Random(seed);
        MemoryKeyValueStore model = new MemoryKeyValueStore();
        SqliteKeyValueStore[] sqlite = {SqliteKeyValueStore.open(directory.resolve("store.db"))};
        int step = 0;
        try {
            for (; step < OPERATIONS; step++) {
                Operation operation = Operation.pick(random);
                if (operation == Operation.RESTART) {
                    sqlite[0].close();
                    sqlite[0] = SqliteKeyValueStore.open(directory.resolve("store.db"));
                    continue;
                }
                Function<KeyValueStore, Object> call = operation.call(random, model);
                assertThat(answer(call, sqlite[0])).as(operation.name()).isEqualTo(answer(call, model));
                assertThat(sqlite[0].currentRevision()).isEqualTo(model.currentRevision());
            }
            assertThat(history(sqlite[0])).isEqualTo(history(model));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " failed at step " + step + " (replay with -Dskiff.store.seed="
                    + seed + "): " + e.getMessage(), e);
        } finally {
            sqlite[0].close();
            model.close();
        }
    }

    /** The call's result, or for a compacted read the exception's revisions, so both sides compare as values. */
    private static Object answer(Function<KeyValueStore, Object> call, KeyValueStore store) {
        try {
            return call.apply(store);
        } catch (CompactedException e) {
            return "compacted " + e.requestedRevision() + "/" + e.compactRevision();
        }
    }

    private static List<?> history(KeyValueStore store) {
        RecordingListener listener = new RecordingListener();
        long from = store.compactRevision();
        if (from == store.currentRevision()) {
            return List.of();
        }
        store.watch("", from, listener);
        listener.awaitRevision(store.currentRevision());
        assertThat(listener.revisions())
                .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, store.currentRevision()).boxed().toList());
        return listener.events();
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

        /** Draws the arguments from the random source (using the model to find current revisions). */
        Function<KeyValueStore, Object> call(Random random, KeyValueStore model) {
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
            return switch (this) {
                case CREATE -> s -> s.create(key, value);
                case UPDATE_CURRENT -> s -> s.update(key, value, modRevision);
                case UPDATE_STALE -> s -> s.update(key, value, stale);
                case DELETE_ANY -> s -> s.delete(key, 0);
                case DELETE_CURRENT -> s -> s.delete(key, modRevision);
                case DELETE_STALE -> s -> s.delete(key, stale);
                case GET -> s -> s.get(key);
                case RANGE_NOW -> s -> s.range(prefix, startAfter, limit, 0);
                case RANGE_BEFORE -> s -> s.range(prefix, startAfter, limit, old);
                case COUNT -> s -> s.count(prefix);
                case COMPACT -> s -> {
                    s.compact(compactTo);
                    return s.compactRevision();
                };
                case RESTART -> s -> null;
            };
        }
    }
}
