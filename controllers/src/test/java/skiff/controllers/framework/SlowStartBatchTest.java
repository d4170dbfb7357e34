package skiff.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlowStartBatchTest {

    @Test
    void everyCallRunsWhenNoneFails() {
        AtomicInteger calls = new AtomicInteger();

        SlowStartBatch.Outcome outcome = SlowStartBatch.run(10, 1, calls::incrementAndGet);

        assertThat(calls).hasValue(10);
        assertThat(outcome.successes()).isEqualTo(10);
        assertThat(outcome.error()).isEmpty();
    }

    @Test
    void aFailureInTheFirstBatchOfOneStopsEverything() {
        AtomicInteger calls = new AtomicInteger();

        SlowStartBatch.Outcome outcome = SlowStartBatch.run(500, 1, failingCall(calls, 1));

        assertThat(calls).hasValue(1);
        assertThat(outcome.successes()).isZero();
        assertThat(outcome.error()).get().extracting(Throwable::getMessage).isEqualTo("refused call 1");
    }

    @Test
    void batchesDoubleAndTheBatchWithAFailureIsTheLast() {
        AtomicInteger calls = new AtomicInteger();

        // Batches of 1, 2 and 4: the fourth call overall fails in the third batch, whose other three still run.
        SlowStartBatch.Outcome outcome = SlowStartBatch.run(20, 1, failingCall(calls, 4));

        assertThat(calls).hasValue(7);
        assertThat(outcome.successes()).isEqualTo(6);
        assertThat(outcome.error()).isPresent();
    }

    @Test
    void theLastBatchIsCutToWhatRemains() {
        AtomicInteger calls = new AtomicInteger();

        // 1 + 2 + 4 = 7 succeed; the remaining 3 form the last batch, where call 8 fails.
        SlowStartBatch.Outcome outcome = SlowStartBatch.run(10, 1, failingCall(calls, 8));

        assertThat(calls).hasValue(10);
        assertThat(outcome.successes()).isEqualTo(9);
    }

    private static SlowStartBatch.Call failingCall(AtomicInteger calls, int failing) {
        return () -> {
            int n = calls.incrementAndGet();
            if (n == failing) {
                throw new IllegalStateException("refused call " + n);
            }
        };
    }
}
