package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-index failure accounting of a job with {@code backoffLimitPerIndex} (k/k 1.32
 * pkg/controller/job/indexed_job_utils.go and backoff_utils.go): each pod carries how many pods of its index failed
 * before it, an index fails once a counted failure finds that count at the limit (or a FailIndex rule matches), and
 * a failed pod keeps its finalizer until its replacement exists, so the count passes on.
 */
final class IndexFailures {
    // k/k staging/src/k8s.io/api/batch/v1/types.go JobIndexFailureCountAnnotation, JobIndexIgnoredFailureCountAnnotation.
    static final String FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";
    static final String IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count";

    private IndexFailures() {}

    static boolean perIndex(Job job) {
        return job.getSpec().getBackoffLimitPerIndex() != null;
    }

    // k/k indexed_job_utils.go isIndexFailed: a FailIndex rule, or a counted failure at the per-index limit.
    static boolean indexFailed(Job job, Pod pod) {
        if (!JobPods.failed(job, pod)) {
            return false;
        }
        PodFailurePolicyMatch match = PodFailurePolicyMatch.of(job.getSpec().getPodFailurePolicy(), pod);
        if (match.failsIndex()) {
            return true;
        }
        return match.countsAsFailure() && count(pod, FAILURE_COUNT) >= job.getSpec().getBackoffLimitPerIndex();
    }

    /**
     * k/k indexed_job_utils.go getPodsWithDelayedDeletionPerIndex: per index neither succeeded, failed nor active,
     * its latest failed pod (most failures, then latest finish) among the pods not counted yet.
     */
    static Map<Integer, Pod> delayedDeletions(Job job, List<Pod> uncounted, BitSet succeeded, BitSet failed,
            Set<Integer> activeIndexes, Instant now) {
        Map<Integer, Pod> delayed = new HashMap<>();
        for (Pod pod : uncounted) {
            if (!JobPods.failed(job, pod) || !JobPods.validIndex(job, pod)) {
                continue;
            }
            int index = JobPods.index(pod).getAsInt();
            if (succeeded.get(index) || failed.get(index) || activeIndexes.contains(index)) {
                continue;
            }
            Pod last = delayed.get(index);
            if (last == null || (absolute(last) <= absolute(pod)
                    && !JobPods.finishedAt(pod, now).isBefore(JobPods.finishedAt(last, now)))) {
                delayed.put(index, pod);
            }
        }
        return delayed;
    }

    // k/k indexed_job_utils.go getNewIndexFailureCounts: the replaced pod's counts plus its own failure, counted or
    // ignored by the pod failure policy; a first pod starts at zero.
    static Map<String, String> replacementAnnotations(Job job, Pod replaced) {
        if (replaced == null) {
            return Map.of(FAILURE_COUNT, "0");
        }
        int failures = count(replaced, FAILURE_COUNT);
        int ignored = count(replaced, IGNORED_FAILURE_COUNT);
        if (PodFailurePolicyMatch.of(job.getSpec().getPodFailurePolicy(), replaced).countsAsFailure()) {
            failures++;
        } else {
            ignored++;
        }
        return ignored > 0 ? Map.of(FAILURE_COUNT, Integer.toString(failures), IGNORED_FAILURE_COUNT,
                Integer.toString(ignored)) : Map.of(FAILURE_COUNT, Integer.toString(failures));
    }

    // k/k backoff_utils.go getRemainingTimePerIndex: the backoff of the index's failures so far, from the last one.
    static Duration remaining(Pod lastFailed, Instant now) {
        if (lastFailed == null) {
            return Duration.ZERO;
        }
        return new PodBackoff(absolute(lastFailed) + 1, JobPods.finishedAt(lastFailed, now)).remaining(now);
    }

    private static int absolute(Pod pod) {
        return count(pod, FAILURE_COUNT) + count(pod, IGNORED_FAILURE_COUNT);
    }

    // k/k indexed_job_utils.go parseInt32: missing, unparsable, negative or too large values are zero.
    private static int count(Pod pod, String annotation) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(annotation);
        if (value == null) {
            return 0;
        }
        try {
            return Math.max(Integer.parseInt(value), 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
