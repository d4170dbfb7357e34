package skiff.store.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import skiff.store.RecordingListener;
import skiff.store.WriteResult;

/**
 * Not a test: a manual measurement of write throughput. Each of N virtual threads creates its own key and then
 * updates it with compare-and-swap as fast as it can, with a whole-store watch attached (as the API server has).
 * Arguments: writers (64), seconds (5), value bytes (1024).
 */
public final class WriteThroughputProbe {
    public static void main(String[] args) throws Exception {
        int writers = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        byte[] value = new byte[args.length > 2 ? Integer.parseInt(args[2]) : 1024];
        Path dir = Files.createTempDirectory("skiff-probe");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(dir.resolve("probe.db"));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            RecordingListener watch = new RecordingListener();
            store.watch("/", 0, watch);
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String key = "/probe/" + w;
                tasks.add(pool.submit(() -> {
                    long rev = ((WriteResult.Committed) store.create(key, value)).revision();
                    writes.incrementAndGet();
                    while (running.get()) {
                        rev = ((WriteResult.Committed) store.update(key, value, rev)).revision();
                        writes.incrementAndGet();
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            Thread.sleep(duration);
            running.set(false);
            for (Future<?> f : tasks) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long commits = store.commitCount();
            System.out.printf("writers=%d value=%dB: %.0f writes/s, %.0f commits/s, %.1f writes/commit, watch saw %d%n",
                    writers, value.length, writes.get() / seconds, commits / seconds, (double) writes.get() / commits,
                    watch.revisions().size());
        }
    }
}
