package skiff.controllers.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs {@code count} calls in growing parallel batches, 1, 2, 4, …, and stops after the first batch in which a call
 * fails, so a request the API server refuses costs one call instead of hundreds (k/k
 * pkg/controller/replicaset/replica_set.go slowStartBatch, SlowStartInitialBatchSize in controller_utils.go).
 */
public final class SlowStartBatch {
    // k/k controller_utils.go SlowStartInitialBatchSize.
    public static final int INITIAL_BATCH_SIZE = 1;

    private SlowStartBatch() {}

    /** How many calls succeeded, and the first failure of the batch that stopped the run. */
    public record Outcome(int successes, Optional<RuntimeException> error) {}

    /** One call; an exception is its failure. */
    @FunctionalInterface
    public interface Call {
        void run();
    }

    public static Outcome run(int count, int initialBatchSize, Call call) {
        int successes = 0;
        int remaining = count;
        for (int batch = Math.min(remaining, initialBatchSize); batch > 0;
                batch = Math.min(2 * batch, remaining)) {
            List<RuntimeException> errors = runBatch(batch, call);
            successes += batch - errors.size();
            if (!errors.isEmpty()) {
                return new Outcome(successes, Optional.of(errors.get(0)));
            }
            remaining -= batch;
        }
        return new Outcome(successes, Optional.empty());
    }

    private static List<RuntimeException> runBatch(int size, Call call) {
        List<Future<?>> calls = new ArrayList<>(size);
        List<RuntimeException> errors = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < size; i++) {
                calls.add(threads.submit(call::run));
            }
            for (Future<?> f : calls) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    errors.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add(new IllegalStateException("interrupted", e));
                }
            }
        }
        return errors;
    }
}
