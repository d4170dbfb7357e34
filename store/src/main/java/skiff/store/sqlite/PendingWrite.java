package skiff.store.sqlite;

import java.util.concurrent.CompletableFuture;
import skiff.store.WriteResult;

/** A request waiting in the writer's queue, with the future its caller waits on. */
sealed interface PendingWrite {

    CompletableFuture<?> done();

    /** Value bytes this request adds to a batch. */
    default long bytes() {
        return 0;
    }

    record Create(String key, byte[] value, CompletableFuture<WriteResult> done) implements PendingWrite {
        @Override
        public long bytes() {
            return value.length;
        }
    }

    record Update(String key, byte[] value, long expectedModRevision, CompletableFuture<WriteResult> done)
            implements PendingWrite {
        @Override
        public long bytes() {
            return value.length;
        }
    }

    record Delete(String key, long expectedModRevision, CompletableFuture<WriteResult> done) implements PendingWrite {}

    record Compact(long revision, CompletableFuture<Long> done) implements PendingWrite {}

    /** Put by close() behind every accepted request; the writer stops when it reaches it. */
    record Stop(CompletableFuture<Void> done) implements PendingWrite {}
}
