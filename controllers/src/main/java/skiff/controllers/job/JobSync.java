package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.client.pods.PodReadiness;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.SyncResult;

/**
 * One reconcile of one Job (k/k pkg/controller/job/job_controller.go syncJob, 1.32): finished pods are counted through
 * {@code status.uncountedTerminatedPods} before their tracking finalizer goes, so none is lost or counted twice; then
 * the job fails (backoff limit, deadline, pod failure policy), succeeds, is suspended, or gets the pods it lacks.
 */
final class JobSync {
    // k/k job_controller.go MaxUncountedPods / MaxPodCreateDeletePerSync.
    static final int MAX_PODS_PER_SYNC = 500;

    /** Reads from the informer caches. */
    interface Caches {
        Job job(String key);

        /** The pods whose controller reference is {@code job}. */
        List<Pod> podsOf(Job job);
    }

    /** The job controller's writes. */
    interface Api {
        /** Writes {@code status} as the job's status (on the job's resourceVersion) and returns the stored job. */
        Job writeStatus(Job job, JobStatus status);

        void removeTrackingFinalizer(Pod pod);

        Pod createPod(String namespace, Pod pod);

        void deletePod(Pod pod);
    }

    private final Caches caches;
    private final Api api;
    private final ControllerExpectations expectations;
    private final EventRecorder events;
    private final Clock clock;
    private final Map<String, PodBackoff> backoffs = new ConcurrentHashMap<>();
    // k/k job_controller.go finalizerExpectations: pods counted and released whose update the cache has not shown.
    private final Map<String, Set<String>> released = new ConcurrentHashMap<>();

    JobSync(Caches caches, Api api, ControllerExpectations expectations, EventRecorder events, Clock clock) {
        this.caches = caches;
        this.api = api;
        this.expectations = expectations;
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        Job job = caches.job(key);
        if (job == null) {
            backoffs.remove(key);
            released.remove(key);
            expectations.delete(key);
            return SyncResult.done();
        }
        List<Pod> pods = caches.podsOf(job);
        Instant now = clock.now();
        JobStatus status = job.getStatus() == null ? new JobStatus()
                : new JobStatusBuilder(job.getStatus()).build();
        if (JobConditions.finished(status)) {
            // k/k job_controller.go syncJob: a finished job only lets go of its pods' finalizers.
            pods.stream().filter(JobPods::tracked).forEach(api::removeTrackingFinalizer);
            backoffs.remove(key);
            return SyncResult.done();
        }
        if (!expectations.satisfied(key)) {
            return SyncResult.done();
        }
        JobSpec spec = job.getSpec();
        boolean indexed = JobPods.indexed(job);
        int completions = Objects.requireNonNullElse(spec.getCompletions(), -1);

        // 1. Newly finished tracked pods go to uncountedTerminatedPods first (with their index when Indexed).
        Set<String> uncountedSucceeded = new LinkedHashSet<>(uncounted(status).getSucceeded());
        Set<String> uncountedFailed = new LinkedHashSet<>(uncounted(status).getFailed());
        BitSet completed = IndexIntervals.parse(status.getCompletedIndexes(), Math.max(completions, 0));
        String failJobMessage = null;
        List<Pod> release = new ArrayList<>();
        PodBackoff backoff = backoffs.getOrDefault(key, PodBackoff.none());
        boolean changed = false;
        Set<String> releasedBefore = released.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
        Set<String> present = new HashSet<>();
        pods.forEach(p -> present.add(p.getMetadata().getUid()));
        releasedBefore.retainAll(present);
        for (Pod pod : pods) {
            String uid = pod.getMetadata().getUid();
            if (!JobPods.tracked(pod)) {
                releasedBefore.remove(uid);
                continue;
            }
            if (releasedBefore.contains(uid)) {
                continue;
            }
            // k/k job_controller.go isPodFailed: a pod being deleted counts as failed at once unless only Failed
            // pods are replaced (podReplacementPolicy Failed); a suspended job's deleted pods are not failures.
            boolean finishedFailed = JobPods.failed(pod) || (JobPods.deleting(pod) && !JobPods.succeeded(pod)
                    && !"Failed".equals(spec.getPodReplacementPolicy()) && !Boolean.TRUE.equals(spec.getSuspend()));
            if (JobPods.succeeded(pod)) {
                if (uncountedSucceeded.add(uid)) {
                    changed = true;
                    backoff = backoff.succeeded();
                    OptionalInt index = JobPods.index(pod);
                    if (indexed && index.isPresent() && index.getAsInt() < completions) {
                        completed.set(index.getAsInt());
                    }
                }
                release.add(pod);
            } else if (finishedFailed) {
                PodFailurePolicyMatch match = PodFailurePolicyMatch.of(spec.getPodFailurePolicy(), pod);
                if (match.action().equals("FailJob") && failJobMessage == null) {
                    failJobMessage = match.message();
                }
                if (match.countsAsFailure() && !uncountedFailed.contains(uid)) {
                    uncountedFailed.add(uid);
                    changed = true;
                    backoff = backoff.failed(finishedAt(pod, now));
                }
                release.add(pod);
            } else if (JobPods.deleting(pod) && Boolean.TRUE.equals(spec.getSuspend())) {
                release.add(pod);
            }
        }
        backoffs.put(key, backoff);
        if (changed) {
            status.setUncountedTerminatedPods(new UncountedTerminatedPods(List.copyOf(uncountedFailed),
                    List.copyOf(uncountedSucceeded)));
            if (indexed) {
                status.setCompletedIndexes(IndexIntervals.format(completed));
            }
            job = api.writeStatus(job, status);
            status = new JobStatusBuilder(job.getStatus()).build();
        }
        // 2. Their finalizers go; 3. then they are counted (below, in the same write as the rest of the status).
        for (Pod pod : release) {
            api.removeTrackingFinalizer(pod);
            releasedBefore.add(pod.getMetadata().getUid());
        }
        int succeeded = Objects.requireNonNullElse(status.getSucceeded(), 0) + uncountedSucceeded.size();
        int failed = Objects.requireNonNullElse(status.getFailed(), 0) + uncountedFailed.size();
        // k/k batch/v1 types.go: active, succeeded and failed are omitempty, so a zero is not written.
        status.setSucceeded(omitZero(succeeded));
        status.setFailed(omitZero(failed));
        status.setUncountedTerminatedPods(new UncountedTerminatedPods(List.of(), List.of()));

        List<Pod> active = pods.stream().filter(JobPods::active).toList();
        int terminating = (int) pods.stream().filter(p -> JobPods.deleting(p) && !JobPods.terminal(p)).count();
        boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
        Duration requeue = null;

        // Failure: the pod failure policy, the backoff limit, the active deadline (k/k job_controller.go syncJob).
        String failureReason = null;
        String failureMessage = null;
        if (failJobMessage != null) {
            failureReason = "PodFailurePolicy";
            failureMessage = failJobMessage;
        } else if (failed > Objects.requireNonNullElse(spec.getBackoffLimit(), 6)) {
            failureReason = "BackoffLimitExceeded";
            failureMessage = "Job has reached the specified backoff limit";
        } else if (!suspended && spec.getActiveDeadlineSeconds() != null && status.getStartTime() != null) {
            Instant deadline = Instant.parse(status.getStartTime()).plusSeconds(spec.getActiveDeadlineSeconds());
            if (!now.isBefore(deadline)) {
                failureReason = "DeadlineExceeded";
                failureMessage = "Job was active longer than specified deadline";
            } else {
                requeue = Duration.between(now, deadline);
            }
        }
        if (failureReason == null && JobConditions.isTrue(status, JobConditions.FAILURE_TARGET)) {
            failureReason = JobConditions.find(status, JobConditions.FAILURE_TARGET).get().getReason();
            failureMessage = JobConditions.find(status, JobConditions.FAILURE_TARGET).get().getMessage();
        }
        boolean complete = failureReason == null && (indexed ? completed.cardinality() >= completions
                : completions >= 0 ? succeeded >= completions : succeeded > 0 && active.isEmpty());
        if (!complete && JobConditions.isTrue(status, JobConditions.SUCCESS_CRITERIA_MET)) {
            complete = true;
        }

        if (failureReason != null) {
            // k/k 1.32 (JobPodReplacementPolicy on): FailureTarget first; Failed once no pod is left running.
            if (JobConditions.set(status, JobConditions.FAILURE_TARGET, "True", failureReason, failureMessage, now)) {
                events.event(job, EventRecorder.WARNING, failureReason, failureMessage);
            }
            deleteAll(key, job, active);
            if (terminating == 0 && active.isEmpty()) {
                JobConditions.set(status, JobConditions.FAILED, "True", failureReason, failureMessage, now);
            }
            status.setActive(null);
        } else if (complete) {
            if (JobConditions.set(status, JobConditions.SUCCESS_CRITERIA_MET, "True", "CompletionsReached",
                    "Reached expected number of succeeded pods", now)) {
                deleteAll(key, job, active);
            }
            if (terminating == 0 && active.isEmpty()) {
                JobConditions.set(status, JobConditions.COMPLETE, "True", "CompletionsReached",
                        "Reached expected number of succeeded pods", now);
                status.setCompletionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
                events.event(job, EventRecorder.NORMAL, "Completed", "Job completed");
            }
            status.setActive(null);
        } else if (suspended) {
            // k/k job_controller.go syncJob: a suspended job deletes its active pods and says so.
            deleteAll(key, job, active);
            if (JobConditions.set(status, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                events.event(job, EventRecorder.NORMAL, "Suspended", "Job suspended");
            }
            status.setActive(null);
        } else {
            if (JobConditions.set(status, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now)) {
                // k/k job_controller.go: a resumed job starts its deadline again.
                status.setStartTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
                events.event(job, EventRecorder.NORMAL, "Resumed", "Job resumed");
            }
            if (status.getStartTime() == null) {
                status.setStartTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
                if (spec.getActiveDeadlineSeconds() != null) {
                    requeue = Duration.ofSeconds(spec.getActiveDeadlineSeconds());
                }
            }
            Duration wait = backoff.remaining(now);
            int created = 0;
            if (!wait.isPositive()) {
                created = createPods(key, job, active, completed, succeeded, terminating);
            } else {
                requeue = requeue == null || wait.compareTo(requeue) < 0 ? wait : requeue;
            }
            status.setActive(omitZero(active.size() + created));
        }
        status.setReady((int) active.stream().filter(PodReadiness::isReady).count());
        status.setTerminating(terminating);
        if (!status.equals(job.getStatus())) {
            job = api.writeStatus(job, status);
        }
        return requeue == null ? SyncResult.done() : SyncResult.requeueAfter(requeue);
    }

    private static Integer omitZero(int value) {
        return value == 0 ? null : value;
    }

    private static UncountedTerminatedPods uncounted(JobStatus status) {
        UncountedTerminatedPods u = status.getUncountedTerminatedPods();
        return new UncountedTerminatedPods(u == null || u.getFailed() == null ? List.of() : u.getFailed(),
                u == null || u.getSucceeded() == null ? List.of() : u.getSucceeded());
    }

    // k/k backoff_utils.go getFinishedTime: the latest container finish time, else now.
    private static Instant finishedAt(Pod pod, Instant now) {
        Instant latest = null;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (ContainerStatus c : pod.getStatus().getContainerStatuses()) {
                if (c.getState() != null && c.getState().getTerminated() != null
                        && c.getState().getTerminated().getFinishedAt() != null) {
                    Instant t = Instant.parse(c.getState().getTerminated().getFinishedAt());
                    latest = latest == null || t.isAfter(latest) ? t : latest;
                }
            }
        }
        return latest == null ? now : latest;
    }

    /**
     * Creates the pods the job lacks (k/k job_controller.go manageJob): up to parallelism active at once, never more
     * than the completions still wanted; an Indexed job's missing indexes lowest first. Returns how many it created.
     */
    private int createPods(String key, Job job, List<Pod> active, BitSet completed, int succeeded, int terminating) {
        JobSpec spec = job.getSpec();
        int parallelism = Objects.requireNonNullElse(spec.getParallelism(), 1);
        Integer completions = spec.getCompletions();
        // k/k job_controller.go manageJob with podReplacementPolicy Failed: terminating pods still hold their slot.
        int occupied = active.size() + ("Failed".equals(spec.getPodReplacementPolicy()) ? terminating : 0);
        List<OptionalInt> toCreate = new ArrayList<>();
        if (JobPods.indexed(job)) {
            BitSet taken = (BitSet) completed.clone();
            active.forEach(p -> JobPods.index(p).ifPresent(taken::set));
            for (int i = taken.nextClearBit(0); i < completions && occupied + toCreate.size() < parallelism;
                    i = taken.nextClearBit(i + 1)) {
                toCreate.add(OptionalInt.of(i));
            }
        } else {
            int wanted = completions == null ? (succeeded > 0 ? 0 : parallelism)
                    : Math.min(parallelism, completions - succeeded);
            for (int i = occupied; i < wanted; i++) {
                toCreate.add(OptionalInt.empty());
            }
        }
        if (toCreate.size() > MAX_PODS_PER_SYNC) {
            toCreate = toCreate.subList(0, MAX_PODS_PER_SYNC);
        }
        if (toCreate.isEmpty()) {
            return 0;
        }
        expectations.expectCreations(key, toCreate.size());
        int created = 0;
        for (OptionalInt index : toCreate) {
            try {
                Pod pod = api.createPod(job.getMetadata().getNamespace(), JobPods.fromTemplate(job, index));
                created++;
                events.event(job, EventRecorder.NORMAL, "SuccessfulCreate",
                        "Created pod: " + pod.getMetadata().getName());
            } catch (RuntimeException e) {
                expectations.creationObserved(key);
                events.event(job, EventRecorder.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
            }
        }
        return created;
    }

    private void deleteAll(String key, Job job, List<Pod> pods) {
        if (pods.isEmpty()) {
            return;
        }
        Set<String> podKeys = new LinkedHashSet<>();
        pods.forEach(p -> podKeys.add(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()));
        expectations.expectDeletions(key, podKeys);
        for (Pod pod : pods) {
            try {
                api.deletePod(pod);
                events.event(job, EventRecorder.NORMAL, "SuccessfulDelete",
                        "Deleted pod: " + pod.getMetadata().getName());
            } catch (RuntimeException e) {
                expectations.deletionObserved(key, pod.getMetadata().getNamespace() + "/"
                        + pod.getMetadata().getName());
            }
        }
    }
}
