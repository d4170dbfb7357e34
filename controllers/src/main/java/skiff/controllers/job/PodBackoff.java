package skiff.controllers.job;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a job may create a pod again after failures (k/k pkg/controller/job/backoff_utils.go, 1.32): ten seconds after
 * the last failure, doubled per further consecutive failure, at most ten minutes.
 */
record PodBackoff(int failuresAfterLastSuccess, Instant lastFailure) {
    // k/k 1.32 job_controller.go DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff.
    static final Duration BASE = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(10);

    static PodBackoff none() {
        return new PodBackoff(0, null);
    }

    PodBackoff failed(Instant at) {
        return new PodBackoff(failuresAfterLastSuccess + 1, lastFailure == null || at.isAfter(lastFailure) ? at
                : lastFailure);
    }

    /**
     * k/k backoff_utils.go newBackoffRecord: the finish times of the pods that newly succeeded and failed (ignored
     * failures included). Without a new success the failures add up; with one, only failures after the last success
     * count.
     */
    PodBackoff record(List<Instant> succeededAt, List<Instant> failedAt) {
        if (succeededAt.isEmpty()) {
            PodBackoff next = this;
            for (Instant at : failedAt) {
                next = next.failed(at);
            }
            return next;
        }
        Instant lastSuccess = succeededAt.stream().max(Instant::compareTo).orElseThrow();
        PodBackoff next = none();
        for (Instant at : failedAt) {
            if (at.isAfter(lastSuccess)) {
                next = next.failed(at);
            }
        }
        return next;
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
