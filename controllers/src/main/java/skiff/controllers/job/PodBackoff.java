package skiff.controllers.job;

import java.time.Duration;
import java.time.Instant;

/**
 * When a job may create a pod again after failures (k/k pkg/controller/job/backoff_utils.go, 1.32): ten seconds after
 * the last failure, doubled per further consecutive failure, at most six minutes.
 */
record PodBackoff(int failuresAfterLastSuccess, Instant lastFailure) {
    static final Duration BASE = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(6);

    static PodBackoff none() {
        return new PodBackoff(0, null);
    }

    PodBackoff failed(Instant at) {
        return new PodBackoff(failuresAfterLastSuccess + 1, lastFailure == null || at.isAfter(lastFailure) ? at
                : lastFailure);
    }

    PodBackoff succeeded() {
        return none();
    }

    /** The delay after the last failure: BASE * 2^(failures-1), capped at MAX; zero without failures. */
    Duration delay() {
        if (failuresAfterLastSuccess == 0) {
            return Duration.ZERO;
        }
        Duration d = BASE;
        for (int i = 1; i < failuresAfterLastSuccess && d.compareTo(MAX) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    /** How long from {@code now} until pods may be created again; zero or negative means now. */
    Duration remaining(Instant now) {
        if (lastFailure == null) {
            return Duration.ZERO;
        }
        return Duration.between(now, lastFailure.plus(delay()));
    }
}
