package skiff.e2e.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Runs many independent requests from a few threads, so that bulk setup does not dominate a test's time. */
final class Parallel {
    private static final int THREADS = 8;

    private Parallel() {}

    /** Calls {@code task} for 0 .. count-1 on several threads; rethrows the first failure. */
    static void forEach(int count, IntConsumer task) {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.accept(index)));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("parallel task failed", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
