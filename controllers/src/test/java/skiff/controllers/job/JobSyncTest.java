package skiff.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.client.events.EventRecorder;
import skiff.client.events.EventSink;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.SyncResult;

/** The Job sync against an in-memory cluster whose pods the test finishes by hand, on a fake clock. */
class JobSyncTest {
    private static final String KEY = "ns/j";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final ControllerExpectations expectations = new ControllerExpectations(clock);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final EventRecorder recorder = new EventRecorder(new EventSink() {
        @Override
        public void create(io.fabric8.kubernetes.api.model.Event event) {
            events.add(event.getReason() + ": " + event.getMessage());
        }

        @Override
        public boolean update(String namespace, String name, int count, String lastTimestamp) {
            return true;
        }
    }, clock, "job-controller", "", new DirectExecutor());
    private final List<Pod> pods = new ArrayList<>();
    private final AtomicInteger uids = new AtomicInteger();
    private int statusWrites;
    private Job job;
    // Finalizer removals the informer has not shown yet, when the test holds them back.
    private boolean staleCache;
    // Status writes still to fail as the API server's 409 for a write from a stale cache.
    private int conflicts;
    // Deleted pods stay, marked for deletion, until the test removes them (as the kubelet would).
    private boolean graceful;

    private final JobSync sync = new JobSync(new JobSync.Caches() {
        @Override
        public Job job(String key) {
            return job;
        }

        @Override
        public List<Pod> podsOf(Job j) {
            return List.copyOf(pods);
        }
    }, new JobSync.Api() {
        @Override
        public Job writeStatus(Job j, JobStatus status) {
            if (conflicts > 0) {
                conflicts--;
                throw new IllegalStateException("Operation cannot be fulfilled on jobs.batch \"j\"");
            }
            statusWrites++;
            job = new JobBuilder(job).withStatus(new JobStatusBuilder(status).build()).build();
            return job;
        }

        @Override
        public void removeTrackingFinalizer(Pod pod) {
            if (!staleCache) {
                replace(new PodBuilder(pod(pod)).editMetadata().removeFromFinalizers(JobPods.TRACKING_FINALIZER)
                        .endMetadata().build());
            }
        }

        @Override
        public Pod createPod(String namespace, Pod pod) {
            int n = uids.incrementAndGet();
            Pod created = new PodBuilder(pod).editMetadata().withNamespace(namespace)
                    .withName(pod.getMetadata().getGenerateName() + n).withUid("uid-" + n).endMetadata()
                    .withNewStatus().withPhase("Pending").endStatus().build();
            pods.add(created);
            expectations.creationObserved(KEY);
            return created;
        }

        @Override
        public void deletePod(Pod pod) {
            if (graceful) {
                replace(new PodBuilder(pod(pod)).editMetadata().withDeletionTimestamp(clock.now().toString())
                        .endMetadata().build());
                return;
            }
            pods.removeIf(p -> p.getMetadata().getUid().equals(pod.getMetadata().getUid()));
            expectations.deletionObserved(KEY, pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        }
    }, expectations, recorder, clock);

    static Job job(String name, Integer completions, int parallelism, String mode) {
        return new JobBuilder().withNewMetadata().withNamespace("ns").withName(name).withUid("job-uid").endMetadata()
                .withNewSpec().withCompletions(completions).withParallelism(parallelism).withCompletionMode(mode)
                .withBackoffLimit(6).withSuspend(false).withPodReplacementPolicy("TerminatingOrFailed")
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata().withNewSpec()
                .withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox")
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Test
    void anIndexedJobRunsEachIndexOnceAtMostTwoAtATime() {
        job = job("j", 5, 2, "Indexed");
        for (int round = 0; round < 10 && !finished(); round++) {
            sync.sync(KEY);
            assertThat(active()).hasSizeLessThanOrEqualTo(2);
            active().forEach(p -> finish(p, "Succeeded", 0));
        }
        sync.sync(KEY);
        assertThat(condition("Complete").getReason()).isEqualTo("CompletionsReached");
        assertThat(condition("SuccessCriteriaMet").getMessage()).isEqualTo("Reached expected number of succeeded pods");
        assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0-4");
        assertThat(job.getStatus().getSucceeded()).isEqualTo(5);
        assertThat(job.getStatus().getCompletionTime()).isEqualTo("2026-06-01T12:00:00Z");
        assertThat(pods).extracting(p -> p.getMetadata().getAnnotations().get(JobPods.INDEX_KEY))
                .containsExactlyInAnyOrder("0", "1", "2", "3", "4");
        assertThat(pods).allSatisfy(p -> assertThat(JobPods.tracked(p)).isFalse());
        assertThat(events).contains("Completed: Job completed").filteredOn(e -> e.startsWith("SuccessfulCreate"))
                .hasSize(5);
    }

    @Test
    void aFinishedPodTheCacheStillShowsTrackedIsNotCountedTwice() {
        job = job("j", 2, 1, "NonIndexed");
        sync.sync(KEY);
        staleCache = true;
        finish(active().get(0), "Succeeded", 0);
        sync.sync(KEY);
        sync.sync(KEY);
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(job.getStatus().getUncountedTerminatedPods().getSucceeded()).isEmpty();
    }

    @Test
    void failuresWaitTheBackoffAndStopAtTheBackoffLimit() {
        job = new JobBuilder(job("j", 1, 1, "NonIndexed")).editSpec().withBackoffLimit(1).endSpec().build();
        sync.sync(KEY);
        finish(active().get(0), "Failed", 1);
        SyncResult result = sync.sync(KEY);
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        assertThat(active()).isEmpty();
        assertThat(result).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(10)));
        clock.advance(Duration.ofSeconds(10));
        sync.sync(KEY);
        assertThat(active()).hasSize(1);
        finish(active().get(0), "Failed", 1);
        sync.sync(KEY);
        assertThat(condition("FailureTarget").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(condition("Failed").getMessage()).isEqualTo("Job has reached the specified backoff limit");
        assertThat(events).contains("BackoffLimitExceeded: Job has reached the specified backoff limit");
    }

    @Test
    void anIgnoredExitCodeIsNotCountedButTheReplacementWaitsTheBackoff() {
        job = new JobBuilder(job("j", 1, 1, "NonIndexed")).editSpec().withBackoffLimit(0)
                .withPodReplacementPolicy("Failed").withNewPodFailurePolicy().addNewRule().withAction("Ignore")
                .withNewOnExitCodes().withOperator("In").withValues(42).endOnExitCodes().endRule()
                .endPodFailurePolicy().endSpec().build();
        sync.sync(KEY);
        finish(active().get(0), "Failed", 42);
        // k/k 1.32 backoff_utils.go (kubernetes#119378): ignored failures still delay the replacement.
        assertThat(sync.sync(KEY)).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(10)));
        assertThat(job.getStatus().getFailed()).isNull();
        assertThat(active()).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        sync.sync(KEY);
        assertThat(active()).hasSize(1);
        finish(active().get(0), "Failed", 7);
        sync.sync(KEY);
        assertThat(condition("Failed").getReason()).isEqualTo("BackoffLimitExceeded");
    }

    @Test
    void aFailJobRuleFailsTheJobWithItsMessage() {
        job = new JobBuilder(job("j", 3, 3, "NonIndexed")).editSpec().withPodReplacementPolicy("Failed")
                .withNewPodFailurePolicy().addNewRule().withAction("FailJob").withNewOnExitCodes()
                .withOperator("In").withValues(5).endOnExitCodes().endRule().endPodFailurePolicy().endSpec().build();
        sync.sync(KEY);
        finish(active().get(0), "Failed", 5);
        sync.sync(KEY);
        assertThat(active()).isEmpty();
        assertThat(condition("FailureTarget").getReason()).isEqualTo("PodFailurePolicy");
        sync.sync(KEY);
        assertThat(condition("Failed").getReason()).isEqualTo("PodFailurePolicy");
        assertThat(condition("Failed").getMessage()).startsWith("Container main for pod ns/j-")
                .endsWith("failed with exit code 5 matching FailJob rule at index 0");
    }

    @Test
    void theActiveDeadlineFailsTheJob() {
        job = new JobBuilder(job("j", 1, 1, "NonIndexed")).editSpec().withActiveDeadlineSeconds(30L).endSpec().build();
        assertThat(sync.sync(KEY)).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(30));
        sync.sync(KEY);
        assertThat(active()).isEmpty();
        sync.sync(KEY);
        assertThat(condition("Failed").getReason()).isEqualTo("DeadlineExceeded");
        assertThat(condition("Failed").getMessage()).isEqualTo("Job was active longer than specified deadline");
    }

    @Test
    void suspendingDeletesActivePodsAndResumingStartsAgain() {
        job = job("j", 2, 2, "NonIndexed");
        sync.sync(KEY);
        assertThat(active()).hasSize(2);
        job = new JobBuilder(job).editSpec().withSuspend(true).endSpec().build();
        sync.sync(KEY);
        assertThat(active()).isEmpty();
        assertThat(condition("Suspended").getReason()).isEqualTo("JobSuspended");
        clock.advance(Duration.ofMinutes(1));
        job = new JobBuilder(job).editSpec().withSuspend(false).endSpec().build();
        sync.sync(KEY);
        assertThat(active()).hasSize(2);
        assertThat(condition("Suspended").getStatus()).isEqualTo("False");
        assertThat(job.getStatus().getStartTime()).isEqualTo("2026-06-01T12:01:00Z");
    }

    @Test
    void anIndexThatFailsPastItsBackoffLimitPerIndexFailsAloneAndThenTheJob() {
        job = new JobBuilder(job("j", 3, 3, "Indexed")).editSpec().withBackoffLimitPerIndex(1)
                .withBackoffLimit(Integer.MAX_VALUE).endSpec().build();
        sync.sync(KEY);
        assertThat(active()).extracting(p -> p.getMetadata().getAnnotations().get(IndexFailures.FAILURE_COUNT))
                .containsOnly("0");
        Pod first = podOfIndex(1);
        finish(first, "Failed", 1);
        // The failed pod keeps its finalizer until its index's replacement exists, after the index's backoff.
        assertThat(sync.sync(KEY)).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(10)));
        assertThat(JobPods.tracked(pod(first))).isTrue();
        assertThat(job.getStatus().getFailedIndexes()).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        sync.sync(KEY);
        Pod replacement = podOfIndex(1);
        assertThat(replacement.getMetadata().getAnnotations()).containsEntry(IndexFailures.FAILURE_COUNT, "1");
        sync.sync(KEY);
        assertThat(JobPods.tracked(pod(first))).isFalse();
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        finish(replacement, "Failed", 1);
        sync.sync(KEY);
        assertThat(job.getStatus().getFailedIndexes()).isEqualTo("1");
        assertThat(active()).extracting(p -> JobPods.index(p).getAsInt()).containsExactlyInAnyOrder(0, 2);
        finish(podOfIndex(0), "Succeeded", 0);
        finish(podOfIndex(2), "Succeeded", 0);
        sync.sync(KEY);
        assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0,2");
        assertThat(job.getStatus().getSucceeded()).isEqualTo(2);
        assertThat(job.getStatus().getFailed()).isEqualTo(2);
        assertThat(condition("FailureTarget").getReason()).isEqualTo("FailedIndexes");
        assertThat(condition("Failed").getMessage()).isEqualTo("Job has failed indexes");
        assertThat(events).contains("FailedIndexes: Job has failed indexes");
    }

    @Test
    void moreFailedIndexesThanMaxFailedIndexesFailTheJobAndDeleteItsPods() {
        job = new JobBuilder(job("j", 4, 4, "Indexed")).editSpec().withBackoffLimitPerIndex(0).withMaxFailedIndexes(1)
                .withBackoffLimit(Integer.MAX_VALUE).endSpec().build();
        sync.sync(KEY);
        finish(podOfIndex(0), "Failed", 1);
        sync.sync(KEY);
        assertThat(job.getStatus().getFailedIndexes()).isEqualTo("0");
        assertThat(active()).hasSize(3);
        finish(podOfIndex(3), "Failed", 1);
        sync.sync(KEY);
        assertThat(active()).isEmpty();
        assertThat(job.getStatus().getFailedIndexes()).isEqualTo("0,3");
        sync.sync(KEY);
        assertThat(condition("Failed").getReason()).isEqualTo("MaxFailedIndexesExceeded");
        assertThat(condition("Failed").getMessage())
                .isEqualTo("Job has exceeded the specified maximal number of failed indexes");
    }

    @Test
    void aFailIndexRuleFailsTheIndexAtOnceAndAnIgnoredFailureKeepsItsCount() {
        job = new JobBuilder(job("j", 2, 2, "Indexed")).editSpec().withBackoffLimitPerIndex(3)
                .withBackoffLimit(Integer.MAX_VALUE).withPodReplacementPolicy("Failed").withNewPodFailurePolicy()
                .addNewRule().withAction("FailIndex").withNewOnExitCodes().withOperator("In").withValues(42)
                .endOnExitCodes().endRule().addNewRule().withAction("Ignore").withNewOnExitCodes()
                .withOperator("In").withValues(7).endOnExitCodes().endRule().endPodFailurePolicy().endSpec().build();
        sync.sync(KEY);
        finish(podOfIndex(0), "Failed", 42);
        finish(podOfIndex(1), "Failed", 7);
        sync.sync(KEY);
        assertThat(job.getStatus().getFailedIndexes()).isEqualTo("0");
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(10));
        sync.sync(KEY);
        assertThat(podOfIndex(1).getMetadata().getAnnotations()).containsEntry(IndexFailures.FAILURE_COUNT, "0")
                .containsEntry(IndexFailures.IGNORED_FAILURE_COUNT, "1");
    }

    @Test
    void aSuccessPolicyCompletesTheJobWhenItsIndexesSucceedAndEndsTheOthers() {
        job = new JobBuilder(job("j", 3, 3, "Indexed")).editSpec().withNewSuccessPolicy().addNewRule()
                .withSucceededIndexes("0").endRule().endSuccessPolicy().endSpec().build();
        sync.sync(KEY);
        finish(podOfIndex(2), "Succeeded", 0);
        sync.sync(KEY);
        assertThat(JobConditions.find(job.getStatus(), "SuccessCriteriaMet")).isEmpty();
        finish(podOfIndex(0), "Succeeded", 0);
        sync.sync(KEY);
        assertThat(active()).isEmpty();
        assertThat(condition("SuccessCriteriaMet").getReason()).isEqualTo("SuccessPolicy");
        assertThat(condition("SuccessCriteriaMet").getMessage()).isEqualTo("Matched rules at index 0");
        assertThat(JobConditions.find(job.getStatus(), "Complete")).isEmpty();
        sync.sync(KEY);
        assertThat(condition("Complete").getReason()).isEqualTo("SuccessPolicy");
        assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0,2");
        assertThat(job.getStatus().getSucceeded()).isEqualTo(2);
        assertThat(job.getStatus().getFailed()).isNull();
        assertThat(job.getStatus().getCompletionTime()).isNotNull();
        assertThat(events).contains("Completed: Job completed");
    }

    @Test
    void podsStillRunningWhenTheSuccessPolicyIsMetAreRemovedUncountedEvenWhenTheFirstStatusWriteConflicts() {
        job = new JobBuilder(job("j", 4, 4, "Indexed")).editSpec().withNewSuccessPolicy().addNewRule()
                .withSucceededIndexes("0").endRule().endSuccessPolicy().endSpec().build();
        graceful = true;
        sync.sync(KEY);
        finish(podOfIndex(1), "Failed", 3);
        finish(podOfIndex(0), "Succeeded", 0);
        conflicts = 1;
        assertThatThrownBy(() -> sync.sync(KEY)).hasMessageContaining("Operation cannot be fulfilled");
        // Nothing was deleted before the interim condition was stored.
        assertThat(active()).hasSize(2);
        sync.sync(KEY);
        assertThat(condition("SuccessCriteriaMet").getReason()).isEqualTo("SuccessPolicy");
        assertThat(pods).filteredOn(JobPods::deleting).hasSize(2)
                .allSatisfy(p -> assertThat(JobPods.tracked(p)).isFalse());
        assertThat(job.getStatus().getTerminating()).isEqualTo(2);
        // The kubelet ends the deleted pods (exit 137) and they go.
        pods.stream().filter(JobPods::deleting).toList().forEach(p -> finish(p, "Failed", 137));
        sync.sync(KEY);
        pods.removeIf(JobPods::deleting);
        sync.sync(KEY);
        assertThat(condition("Complete").getReason()).isEqualTo("SuccessPolicy");
        // k/k job_controller.go trackJobStatusAndRemoveFinalizers: only the pod that failed before counts.
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
        assertThat(job.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0");
        assertThat(job.getStatus().getTerminating()).isZero();
    }

    @Test
    void aPodDeletedBeforeTheSuccessPolicyIsMetCountsAsFailed() {
        job = new JobBuilder(job("j", 3, 3, "Indexed")).editSpec().withNewSuccessPolicy().addNewRule()
                .withSucceededIndexes("0").endRule().endSuccessPolicy().endSpec().build();
        sync.sync(KEY);
        // Someone else deletes index 2's pod (k/k isPodFailed: deleted and not succeeded is a failure unless only
        // failed pods are replaced); index 0 succeeds before the job saw either.
        Pod deleted = podOfIndex(2);
        replace(new PodBuilder(deleted).editMetadata().withDeletionTimestamp(clock.now().toString()).endMetadata()
                .build());
        finish(podOfIndex(0), "Succeeded", 0);
        sync.sync(KEY);
        pods.removeIf(JobPods::deleting);
        sync.sync(KEY);
        assertThat(condition("Complete").getReason()).isEqualTo("SuccessPolicy");
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
    }

    @Test
    void withRestartPolicyOnFailureContainerRestartsCountAgainstTheBackoffLimit() {
        job = new JobBuilder(job("j", 1, 1, "NonIndexed")).editSpec().withBackoffLimit(2).editTemplate().editSpec()
                .withRestartPolicy("OnFailure").endSpec().endTemplate().endSpec().build();
        sync.sync(KEY);
        Pod running = active().get(0);
        replace(new PodBuilder(running).editStatus().withPhase("Running").addNewContainerStatus().withName("main")
                .withRestartCount(1).endContainerStatus().endStatus().build());
        sync.sync(KEY);
        assertThat(JobConditions.find(job.getStatus(), "FailureTarget")).isEmpty();
        replace(new PodBuilder(pod(running)).editStatus().editFirstContainerStatus().withRestartCount(2)
                .endContainerStatus().endStatus().build());
        sync.sync(KEY);
        assertThat(active()).isEmpty();
        assertThat(condition("FailureTarget").getReason()).isEqualTo("BackoffLimitExceeded");
        sync.sync(KEY);
        assertThat(condition("Failed").getReason()).isEqualTo("BackoffLimitExceeded");
        assertThat(job.getStatus().getFailed()).isEqualTo(1);
    }

    @Test
    void aJobManagedByAnotherControllerIsLeftAlone() {
        job = new JobBuilder(job("j", 1, 1, "NonIndexed")).editSpec().withManagedBy("example.com/queue").endSpec()
                .build();
        sync.sync(KEY);
        assertThat(pods).isEmpty();
        assertThat(statusWrites).isZero();
    }

    @Test
    void loweringParallelismDeletesTheExtraPodsWithoutCountingThemAsFailed() {
        job = job("j", 4, 3, "NonIndexed");
        sync.sync(KEY);
        assertThat(active()).hasSize(3);
        job = new JobBuilder(job).editSpec().withParallelism(1).endSpec().build();
        sync.sync(KEY);
        assertThat(active()).hasSize(1);
        sync.sync(KEY);
        assertThat(job.getStatus().getFailed()).isNull();
        assertThat(job.getStatus().getActive()).isEqualTo(1);
    }

    private Pod podOfIndex(int index) {
        return active().stream().filter(p -> JobPods.index(p).getAsInt() == index).findFirst()
                .orElseThrow(() -> new AssertionError("no active pod of index " + index));
    }

    private Pod pod(Pod stale) {
        return pods.stream().filter(p -> p.getMetadata().getUid().equals(stale.getMetadata().getUid())).findFirst()
                .orElseThrow();
    }

    private boolean finished() {
        return job.getStatus() != null && JobConditions.finished(job.getStatus());
    }

    private JobCondition condition(String type) {
        return JobConditions.find(job.getStatus(), type).orElseThrow(() -> new AssertionError("no " + type + " in "
                + job.getStatus()));
    }

    private List<Pod> active() {
        return pods.stream().filter(JobPods::active).toList();
    }

    private void finish(Pod pod, String phase, int exitCode) {
        replace(new PodBuilder(pod).editStatus().withPhase(phase).addNewContainerStatus().withName("main")
                .withNewState().withNewTerminated().withExitCode(exitCode)
                .withFinishedAt(clock.now().toString()).endTerminated().endState().endContainerStatus().endStatus()
                .build());
    }

    private void replace(Pod pod) {
        pods.replaceAll(p -> p.getMetadata().getUid().equals(pod.getMetadata().getUid()) ? pod : p);
    }

    /** Runs the recorder's writes on the calling thread, so events are there when the sync returns. */
    private static final class DirectExecutor extends AbstractExecutorService {
        private boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
