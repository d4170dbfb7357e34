package skiff.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import skiff.store.WriteResult;

class SqliteGroupCommitTest {
    @TempDir
    Path directory;

    @Test
    void concurrentWritersShareCommits() throws Exception {
        int writers = 200;
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(directory.resolve("store.db"));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String key = "/group/" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return store.create(key, key.getBytes(StandardCharsets.UTF_8));
                }));
            }
            long commitsBefore = store.commitCount();

            start.countDown();
            List<Long> revisions = new ArrayList<>();
            for (Future<WriteResult> result : results) {
                revisions.add(((WriteResult.Committed) result.get(30, TimeUnit.SECONDS)).revision());
            }
            long commits = store.commitCount() - commitsBefore;

            assertThat(revisions).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, writers).boxed().toList());
            assertThat(store.count("/group/")).isEqualTo(writers);
            System.out.printf("%d concurrent creates committed in %d transactions%n", writers, commits);
            assertThat(commits).isPositive().isLessThan(writers / 4);
        }
    }

    @Test
    void aRefusedWriteInABatchDoesNotSpoilTheOthers() throws Exception {
        try (SqliteKeyValueStore store = SqliteKeyValueStore.open(directory.resolve("store.db"));
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.create("/same", "x".getBytes(StandardCharsets.UTF_8));
                }));
            }
            start.countDown();
            long winners = 0;
            for (Future<WriteResult> result : results) {
                if (result.get(30, TimeUnit.SECONDS) instanceof WriteResult.Committed) {
                    winners++;
                }
            }

            assertThat(winners).isEqualTo(1);
            assertThat(store.currentRevision()).isEqualTo(1);
        }
    }
}
