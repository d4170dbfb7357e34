package skiff.controllers.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.client.pods.PodReadiness;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.SyncResult;

/**
 * One reconcile of one Job (k/k pkg/controller/job/job_controller.go syncJob, 1.32). It first decides whether the job
 * is finishing: an existing SuccessCriteriaMet or FailureTarget condition, a FailJob rule, the backoff limit, the
 * active deadline, failed indexes, the success policy. A finishing job's active pods are deleted; otherwise the job
 * gets the pods it lacks (or loses extra ones). Then finished pods are counted through
 * {@code status.uncountedTerminatedPods} before their tracking finalizer goes, so none is lost or counted twice, and
 * the interim condition becomes Complete or Failed once no pod is left uncounted or terminating.
 */
final class JobSync {
    // k/k job_controller.go MaxUncountedPods / MaxPodCreateDeletePerSync.
    static final int MAX_PODS_PER_SYNC = 500;
    // k/k job_controller.go syncJobBatchPeriod: the shortest delay before a backed-off job is synced again.
    private static final Duration BATCH_PERIOD = Duration.ofSeconds(1);
    // k/k staging/src/k8s.io/api/batch/v1/types.go JobControllerName: the managedBy value this controller serves.
    static final String CONTROLLER_NAME = "kubernetes.io/job-controller";

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

    // k/k job_controller.go managedByExternalController: a job whose spec.managedBy names another controller.
    static boolean managedElsewhere(Job job) {
        String managedBy = job.getSpec() == null ? null : job.getSpec().getManagedBy();
        return managedBy != null && !managedBy.equals(CONTROLLER_NAME);
    }

    SyncResult sync(String key) {
        Job job = caches.job(key);
        if (job == null) {
            backoffs.remove(key);
            released.remove(key);
            expectations.delete(key);
            return SyncResult.done();
        }
        if (managedElsewhere(job)) {
            return SyncResult.done();
        }
        List<Pod> pods = caches.podsOf(job);
        Instant now = clock.now();
        if (JobConditions.finished(job.getStatus())) {
            // k/k job_controller.go syncJob and cleanupPodFinalizers: a finished job only lets go of its pods.
            pods.stream().filter(JobPods::tracked).forEach(api::removeTrackingFinalizer);
            backoffs.remove(key);
            return SyncResult.done();
        }
        if (!expectations.satisfied(key)) {
            return SyncResult.done();
        }
        String mode = job.getSpec().getCompletionMode();
        if (mode != null && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            events.event(job, EventRecorder.WARNING, "UnknownCompletionMode",
                    "Skipped Job sync because completion mode is unknown");
            return SyncResult.done();
        }
        return new Run(key, job, pods, now).sync();
    }

    /** The state of one sync, as k/k's syncJobCtx. */
    private final class Run {
        private final String key;
        private Job job;
        private final JobSpec spec;
        private final List<Pod> pods;
        private final Instant now;
        private final JobStatus status;
        private final boolean indexed;
        private final int completions;
        private final Set<String> expectedReleased;
        // Tracked pods whose finalizer this controller has not removed yet: the ones still to count.
        private final List<Pod> uncountedPods;
        private final Set<String> uncountedSucceeded;
        private final Set<String> uncountedFailed;
        private final List<Pod> active;
        private int terminating;
        private int ready;
        private int succeeded;
        private int failed;
        private PodBackoff backoff;
        private JobCondition finished;
        private Duration requeue;
        private BitSet previouslySucceededIndexes = new BitSet();
        private BitSet succeededIndexes = new BitSet();
        private BitSet failedIndexes;
        private Map<Integer, Pod> delayedDeletions = Map.of();
        // The active pods of a finishing job, deleted once its interim condition is stored.
        private List<Pod> finishing = List.of();

        Run(String key, Job job, List<Pod> pods, Instant now) {
            this.key = key;
            this.job = job;
            this.spec = job.getSpec();
            this.pods = pods;
            this.now = now;
            this.status = job.getStatus() == null ? new JobStatus() : new JobStatusBuilder(job.getStatus()).build();
            this.indexed = JobPods.indexed(job);
            this.completions = Objects.requireNonNullElse(spec.getCompletions(), 0);
            this.expectedReleased = released.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
            Set<String> present = new HashSet<>();
            pods.forEach(p -> present.add(p.getMetadata().getUid()));
            expectedReleased.retainAll(present);
            pods.stream().filter(p -> !JobPods.tracked(p)).forEach(p -> expectedReleased.remove(p.getMetadata()
                    .getUid()));
            this.uncountedPods = pods.stream().filter(p -> JobPods.tracked(p)
                    && !expectedReleased.contains(p.getMetadata().getUid())).toList();
            UncountedTerminatedPods u = status.getUncountedTerminatedPods();
            this.uncountedSucceeded = new LinkedHashSet<>(u == null || u.getSucceeded() == null ? List.of()
                    : u.getSucceeded());
            this.uncountedFailed = new LinkedHashSet<>(u == null || u.getFailed() == null ? List.of() : u.getFailed());
            this.active = pods.stream().filter(JobPods::active).toList();
            this.terminating = (int) pods.stream().filter(p -> JobPods.deleting(p) && !JobPods.terminal(p)).count();
            this.ready = (int) active.stream().filter(PodReadiness::isReady).count();
        }

        SyncResult sync() {
            List<Pod> newSucceeded = uncountedPods.stream().filter(p -> JobPods.validIndex(job, p)
                    && JobPods.succeeded(p) && !uncountedSucceeded.contains(p.getMetadata().getUid())).toList();
            List<Pod> newFailed = uncountedPods.stream().filter(p -> JobPods.validIndex(job, p)
                    && JobPods.failed(job, p) && !uncountedFailed.contains(p.getMetadata().getUid())).toList();
            succeeded = nz(status.getSucceeded()) + newSucceeded.size() + uncountedSucceeded.size();
            failed = nz(status.getFailed()) + (int) newFailed.stream()
                    .filter(p -> PodFailurePolicyMatch.of(spec.getPodFailurePolicy(), p).countsAsFailure()).count()
                    + uncountedFailed.size();
            boolean suspended = Boolean.TRUE.equals(spec.getSuspend());
            if (status.getStartTime() == null && !suspended) {
                status.setStartTime(stamp(now));
            }
            backoff = backoffs.getOrDefault(key, PodBackoff.none()).record(
                    newSucceeded.stream().map(p -> JobPods.finishedAt(p, now)).toList(),
                    newFailed.stream().map(p -> JobPods.finishedAt(p, now)).toList());
            decideFailure(suspended);
            if (indexed) {
                decideByIndexes();
            }
            int activeCount = active.size();
            boolean suspendChanged = false;
            if (finished != null) {
                // k/k job_controller.go syncJob: the finishing job's active pods go (deleteActivePods); the status
                // shows them terminating. They are deleted in track, after the interim condition is stored.
                finishing = active;
                activeCount = 0;
                terminating += active.size();
                ready = 0;
            } else {
                if (job.getMetadata().getDeletionTimestamp() == null) {
                    activeCount = manage(suspended);
                }
                boolean complete = spec.getCompletions() == null ? succeeded > 0 && activeCount == 0
                        : succeeded >= completions && activeCount == 0;
                if (complete) {
                    finished = condition(JobConditions.SUCCESS_CRITERIA_MET, "CompletionsReached",
                            "Reached expected number of succeeded pods");
                } else if (job.getMetadata().getDeletionTimestamp() == null) {
                    suspendChanged = updateSuspended(suspended);
                }
            }
            status.setActive(activeCount == 0 ? null : activeCount);
            status.setReady(ready);
            status.setTerminating(terminating);
            track(suspendChanged);
            backoffs.put(key, backoff);
            if (JobConditions.finished(job.getStatus())) {
                backoffs.remove(key);
                return SyncResult.done();
            }
            return requeue == null ? SyncResult.done() : SyncResult.requeueAfter(requeue);
        }

        // k/k job_controller.go syncJob: the order in which a job is found to be finishing.
        private void decideFailure(boolean suspended) {
            JobCondition met = JobConditions.find(status, JobConditions.SUCCESS_CRITERIA_MET)
                    .filter(c -> "True".equals(c.getStatus())).orElse(null);
            if (met != null) {
                finished = met;
                return;
            }
            JobCondition target = JobConditions.find(status, JobConditions.FAILURE_TARGET)
                    .filter(c -> "True".equals(c.getStatus())).orElse(null);
            if (target != null) {
                finished = condition(JobConditions.FAILED, target.getReason(), target.getMessage());
                return;
            }
            for (Pod pod : pods) {
                PodFailurePolicyMatch match = PodFailurePolicyMatch.of(spec.getPodFailurePolicy(), pod);
                if (spec.getPodFailurePolicy() != null && JobPods.failed(job, pod) && match.failsJob()) {
                    finished = condition(JobConditions.FAILURE_TARGET, "PodFailurePolicy", match.message());
                    return;
                }
            }
            if (failed > Objects.requireNonNullElse(spec.getBackoffLimit(), 6) || pastBackoffLimitOnFailure()) {
                finished = condition(JobConditions.FAILURE_TARGET, "BackoffLimitExceeded",
                        "Job has reached the specified backoff limit");
            } else if (spec.getActiveDeadlineSeconds() != null && status.getStartTime() != null && !suspended) {
                Instant deadline = Instant.parse(status.getStartTime()).plusSeconds(spec.getActiveDeadlineSeconds());
                if (!now.isBefore(deadline)) {
                    finished = condition(JobConditions.FAILURE_TARGET, "DeadlineExceeded",
                            "Job was active longer than specified deadline");
                } else {
                    requeueAfter(Duration.between(now, deadline));
                }
            }
        }

        // k/k job_controller.go pastBackoffLimitOnFailure: with restartPolicy OnFailure, the container restarts of
        // running and pending pods count against the backoff limit.
        private boolean pastBackoffLimitOnFailure() {
            if (!"OnFailure".equals(spec.getTemplate().getSpec().getRestartPolicy())) {
                return false;
            }
            int restarts = 0;
            for (Pod pod : pods) {
                String phase = JobPods.phase(pod);
                if ((phase.equals("Running") || phase.equals("Pending")) && pod.getStatus() != null) {
                    restarts += Objects.requireNonNullElse(pod.getStatus().getInitContainerStatuses(),
                            List.<ContainerStatus>of()).stream()
                            .mapToInt(c -> nz(c.getRestartCount())).sum();
                    restarts += Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(),
                            List.<ContainerStatus>of()).stream()
                            .mapToInt(c -> nz(c.getRestartCount())).sum();
                }
            }
            int limit = Objects.requireNonNullElse(spec.getBackoffLimit(), 6);
            return limit == 0 ? restarts > 0 : restarts >= limit;
        }

        // k/k job_controller.go syncJob for Indexed jobs: succeeded and failed indexes, then maxFailedIndexes,
        // failed indexes that leave nothing to run, and the success policy.
        private void decideByIndexes() {
            // k/k indexed_job_utils.go calculateSucceededIndexes and calculateFailedIndexes: the status's indexes
            // and those of the pods that still hold the tracking finalizer, released or not.
            previouslySucceededIndexes = IndexIntervals.parse(status.getCompletedIndexes(), completions);
            succeededIndexes = (BitSet) previouslySucceededIndexes.clone();
            pods.stream().filter(p -> JobPods.tracked(p) && JobPods.succeeded(p) && JobPods.validIndex(job, p))
                    .forEach(p -> succeededIndexes.set(JobPods.index(p).getAsInt()));
            succeeded = succeededIndexes.cardinality();
            if (IndexFailures.perIndex(job)) {
                failedIndexes = IndexIntervals.parse(status.getFailedIndexes(), completions);
                pods.stream().filter(p -> JobPods.tracked(p) && JobPods.validIndex(job, p)
                        && IndexFailures.indexFailed(job, p)).forEach(p -> failedIndexes.set(JobPods.index(p).getAsInt()));
                if (finished == null) {
                    if (spec.getMaxFailedIndexes() != null && failedIndexes.cardinality() > spec.getMaxFailedIndexes()) {
                        finished = condition(JobConditions.FAILURE_TARGET, "MaxFailedIndexesExceeded",
                                "Job has exceeded the specified maximal number of failed indexes");
                    } else if (failedIndexes.cardinality() > 0
                            && failedIndexes.cardinality() + succeededIndexes.cardinality() >= completions) {
                        finished = condition(JobConditions.FAILURE_TARGET, "FailedIndexes", "Job has failed indexes");
                    }
                }
                Set<Integer> activeIndexes = new HashSet<>();
                active.forEach(p -> JobPods.index(p).ifPresent(activeIndexes::add));
                delayedDeletions = IndexFailures.delayedDeletions(job, uncountedPods, succeededIndexes, failedIndexes,
                        activeIndexes, now);
            }
            if (finished == null) {
                SuccessPolicyMatch.of(spec.getSuccessPolicy(), completions, succeededIndexes).ifPresent(message ->
                        finished = condition(JobConditions.SUCCESS_CRITERIA_MET, "SuccessPolicy", message));
            }
        }

        private boolean updateSuspended(boolean suspended) {
            if (suspended) {
                if (JobConditions.set(status, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", now)) {
                    events.event(job, EventRecorder.NORMAL, "Suspended", "Job suspended");
                    return true;
                }
                return false;
            }
            if (JobConditions.set(status, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", now)) {
                events.event(job, EventRecorder.NORMAL, "Resumed", "Job resumed");
                // k/k job_controller.go: a resumed job starts its deadline again.
                status.setStartTime(stamp(now));
                return true;
            }
            return false;
        }

        /**
         * k/k job_controller.go manageJob: a suspended job loses its active pods; one with more active pods than it
         * wants (or duplicate indexes) loses the extra; else it gets the missing ones, after the backoff (per index
         * with backoffLimitPerIndex). Returns the active count.
         */
        private int manage(boolean suspended) {
            int activeCount = active.size();
            if (suspended) {
                return activeCount - deleteJobPods(active);
            }
            int parallelism = Objects.requireNonNullElse(spec.getParallelism(), 1);
            int wantActive = spec.getCompletions() == null ? (succeeded > 0 ? activeCount : parallelism)
                    : Math.max(0, Math.min(parallelism, completions - succeeded));
            List<Pod> extra = podsForRemoval(Math.max(0, activeCount - wantActive));
            if (!extra.isEmpty()) {
                return activeCount - deleteJobPods(extra.subList(0, Math.min(extra.size(), MAX_PODS_PER_SYNC)));
            }
            int diff = wantActive - (JobPods.onlyReplaceFailed(job) ? terminating : 0) - activeCount;
            if (diff <= 0) {
                return activeCount;
            }
            if (!IndexFailures.perIndex(job)) {
                Duration wait = backoff.remaining(now);
                if (wait.isPositive()) {
                    requeueAfter(wait.compareTo(BATCH_PERIOD) < 0 ? BATCH_PERIOD : wait);
                    return activeCount;
                }
            }
            diff = Math.min(diff, MAX_PODS_PER_SYNC);
            List<OptionalInt> toCreate = new ArrayList<>();
            if (indexed) {
                List<Integer> pending = pendingIndexes(diff);
                if (IndexFailures.perIndex(job)) {
                    Duration soonest = null;
                    List<Integer> due = new ArrayList<>();
                    for (int index : pending) {
                        Duration wait = IndexFailures.remaining(delayedDeletions.get(index), now);
                        if (!wait.isPositive()) {
                            due.add(index);
                        } else if (soonest == null || wait.compareTo(soonest) < 0) {
                            soonest = wait;
                        }
                    }
                    if (due.isEmpty() && soonest != null) {
                        requeueAfter(soonest.compareTo(BATCH_PERIOD) < 0 ? BATCH_PERIOD : soonest);
                        return activeCount;
                    }
                    pending = due;
                }
                pending.forEach(i -> toCreate.add(OptionalInt.of(i)));
            } else {
                for (int i = 0; i < diff; i++) {
                    toCreate.add(OptionalInt.empty());
                }
            }
            return activeCount + create(toCreate);
        }

        // k/k indexed_job_utils.go firstPendingIndexes: the lowest indexes neither succeeded, active, failed nor
        // (when only failed pods are replaced) terminating.
        private List<Integer> pendingIndexes(int count) {
            BitSet taken = (BitSet) succeededIndexes.clone();
            active.forEach(p -> JobPods.index(p).ifPresent(taken::set));
            if (JobPods.onlyReplaceFailed(job)) {
                pods.stream().filter(p -> JobPods.deleting(p) && !JobPods.terminal(p))
                        .forEach(p -> JobPods.index(p).ifPresent(taken::set));
            }
            if (failedIndexes != null) {
                taken.or(failedIndexes);
            }
            List<Integer> pending = new ArrayList<>();
            for (int i = taken.nextClearBit(0); i < completions && pending.size() < count;
                    i = taken.nextClearBit(i + 1)) {
                pending.add(i);
            }
            return pending;
        }

        // k/k job_controller.go activePodsForRemoval and indexed_job_utils.go appendDuplicatedIndexPodsForRemoval:
        // an Indexed job's pods without a valid index and all but one per index first, then the earliest in the
        // deletion order (unscheduled, pending, not ready, newest first).
        private List<Pod> podsForRemoval(int atLeast) {
            List<Pod> remove = new ArrayList<>();
            List<Pod> left = new ArrayList<>(active);
            if (indexed) {
                left.clear();
                Map<Integer, List<Pod>> byIndex = new TreeMap<>();
                for (Pod pod : active) {
                    if (JobPods.validIndex(job, pod)) {
                        byIndex.computeIfAbsent(JobPods.index(pod).getAsInt(), i -> new ArrayList<>()).add(pod);
                    } else {
                        remove.add(pod);
                    }
                }
                for (List<Pod> same : byIndex.values()) {
                    same.sort(JobPods.DELETION_ORDER);
                    remove.addAll(same.subList(0, same.size() - 1));
                    left.add(same.getLast());
                }
            }
            if (remove.size() < atLeast) {
                left.sort(JobPods.DELETION_ORDER);
                remove.addAll(left.subList(0, Math.min(left.size(), atLeast - remove.size())));
            }
            return remove;
        }

        private int create(List<OptionalInt> indexes) {
            if (indexes.isEmpty()) {
                return 0;
            }
            expectations.expectCreations(key, indexes.size());
            int created = 0;
            for (OptionalInt index : indexes) {
                Map<String, String> failureCounts = index.isPresent() && IndexFailures.perIndex(job)
                        ? IndexFailures.replacementAnnotations(job, delayedDeletions.get(index.getAsInt()))
                        : Map.of();
                try {
                    Pod pod = api.createPod(job.getMetadata().getNamespace(),
                            JobPods.fromTemplate(job, index, failureCounts));
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

        // k/k job_controller.go deleteJobPods: the finalizer goes first, so a pod deleted on purpose (suspend,
        // scale-down) is never counted as failed; returns how many were deleted.
        private int deleteJobPods(List<Pod> victims) {
            if (victims.isEmpty()) {
                return 0;
            }
            Set<String> podKeys = new LinkedHashSet<>();
            victims.forEach(p -> podKeys.add(podKey(p)));
            expectations.expectDeletions(key, podKeys);
            int deleted = 0;
            for (Pod pod : victims) {
                try {
                    api.removeTrackingFinalizer(pod);
                    api.deletePod(pod);
                    deleted++;
                    terminating++;
                    ready -= PodReadiness.isReady(pod) ? 1 : 0;
                    events.event(job, EventRecorder.NORMAL, "SuccessfulDelete",
                            "Deleted pod: " + pod.getMetadata().getName());
                } catch (RuntimeException e) {
                    expectations.deletionObserved(key, podKey(pod));
                }
            }
            return deleted;
        }

        // k/k job_controller.go deleteActivePods: a plain delete that keeps the finalizer, which track removes;
        // returns the pods that could not be deleted.
        private List<Pod> deleteFinishing() {
            List<Pod> undeleted = new ArrayList<>();
            for (Pod pod : finishing) {
                try {
                    api.deletePod(pod);
                    events.event(job, EventRecorder.NORMAL, "SuccessfulDelete",
                            "Deleted pod: " + pod.getMetadata().getName());
                } catch (RuntimeException e) {
                    undeleted.add(pod);
                }
            }
            return undeleted;
        }

        /**
         * k/k job_controller.go trackJobStatusAndRemoveFinalizers: finished pods go to uncountedTerminatedPods (an
         * Indexed job's successes straight to completedIndexes) with the interim condition in one write; then their
         * finalizers go; then they are counted, and the job gets Complete or Failed once nothing is left uncounted
         * or terminating.
         */
        private void track(boolean needsFlush) {
            boolean flush = needsFlush;
            Set<String> withFinalizer = new HashSet<>();
            uncountedPods.forEach(p -> withFinalizer.add(p.getMetadata().getUid()));
            flush |= countReleased(withFinalizer);
            List<Pod> release = new ArrayList<>();
            BitSet newSucceededIndexes = new BitSet();
            boolean failing = finished != null && !isSuccessCriteriaMet(finished);
            for (Pod pod : uncountedPods) {
                String uid = pod.getMetadata().getUid();
                boolean podFailed = JobPods.failed(job, pod);
                if (!canRelease(pod, podFailed)) {
                    continue;
                }
                release.add(pod);
                if (JobPods.succeeded(pod) && !uncountedFailed.contains(uid)) {
                    if (indexed) {
                        OptionalInt index = JobPods.index(pod);
                        if (JobPods.validIndex(job, pod) && !previouslySucceededIndexes.get(index.getAsInt())) {
                            newSucceededIndexes.set(index.getAsInt());
                            flush = true;
                        }
                    } else if (uncountedSucceeded.add(uid)) {
                        flush = true;
                    }
                } else if ((podFailed || failing) && !uncountedFailed.contains(uid) && JobPods.validIndex(job, pod)
                        && PodFailurePolicyMatch.of(spec.getPodFailurePolicy(), pod).countsAsFailure()) {
                    uncountedFailed.add(uid);
                    flush = true;
                }
                if (newSucceededIndexes.cardinality() + uncountedSucceeded.size() + uncountedFailed.size()
                        >= MAX_PODS_PER_SYNC) {
                    break;
                }
            }
            boolean capped = newSucceededIndexes.cardinality() + uncountedSucceeded.size() + uncountedFailed.size()
                    >= MAX_PODS_PER_SYNC;
            if (indexed) {
                succeededIndexes.or(newSucceededIndexes);
                String completed = IndexIntervals.format(succeededIndexes);
                flush |= !completed.equals(Objects.requireNonNullElse(status.getCompletedIndexes(), ""));
                status.setCompletedIndexes(completed);
                status.setSucceeded(omitZero(succeededIndexes.cardinality()));
                String failedText = failedIndexes == null ? null : IndexIntervals.format(failedIndexes);
                flush |= !Objects.equals(failedText, status.getFailedIndexes());
                status.setFailedIndexes(failedText);
            }
            setUncounted();
            if (finished != null && JobConditions.FAILURE_TARGET.equals(finished.getType())) {
                JobConditions.set(status, JobConditions.FAILURE_TARGET, "True", finished.getReason(),
                        finished.getMessage(), now);
                flush = true;
                finished = condition(JobConditions.FAILED, finished.getReason(), finished.getMessage());
            }
            if (finished != null && isSuccessCriteriaMet(finished)) {
                if (JobConditions.set(status, JobConditions.SUCCESS_CRITERIA_MET, "True", finished.getReason(),
                        finished.getMessage(), now)) {
                    flush = true;
                }
                finished = condition(JobConditions.COMPLETE, finished.getReason(), finished.getMessage());
            }
            if (flush) {
                write();
            }
            // k/k deletes the active pods before this first write, so when the write fails (a conflict with a
            // status the cache did not show yet) the next sync sees them deleted but still tracked and, by
            // isPodFailed, counts them as failed. Deleting only once the interim condition is stored keeps the rule
            // k/k means: a pod still running when the job meets its success criteria is released uncounted.
            List<Pod> undeleted = deleteFinishing();
            if (!undeleted.isEmpty()) {
                // k/k syncJob: not all active pods were deleted, so the job does not finish in this sync; the
                // undeleted ones stay tracked and active until a later sync deletes them.
                release.removeIf(p -> undeleted.stream().anyMatch(u -> u == p));
                finished = null;
                terminating -= undeleted.size();
                status.setActive(undeleted.size());
                status.setTerminating(terminating);
                status.setReady((int) undeleted.stream().filter(PodReadiness::isReady).count());
            }
            Set<String> releasedNow = new HashSet<>();
            for (Pod pod : release) {
                try {
                    api.removeTrackingFinalizer(pod);
                    expectedReleased.add(pod.getMetadata().getUid());
                    releasedNow.add(pod.getMetadata().getUid());
                } catch (RuntimeException e) {
                    // counted once a later sync has removed it
                }
            }
            withFinalizer.removeAll(releasedNow);
            boolean counted = countReleased(withFinalizer);
            setUncounted();
            boolean done = !capped && enactFinished();
            if (counted || done || !status.equals(job.getStatus())) {
                write();
            }
            if (done) {
                if (JobConditions.COMPLETE.equals(finished.getType())) {
                    if (spec.getCompletions() != null && succeeded > completions) {
                        events.event(job, EventRecorder.WARNING, "TooManySucceededPods",
                                "Too many succeeded pods running after completion count reached");
                    }
                    events.event(job, EventRecorder.NORMAL, "Completed", "Job completed");
                } else {
                    events.event(job, EventRecorder.WARNING, finished.getReason(), finished.getMessage());
                }
            }
        }

        // k/k job_controller.go canRemoveFinalizer: every pod of a finishing job, a succeeded one, or a failed one
        // unless it waits for its index's replacement (backoffLimitPerIndex).
        private boolean canRelease(Pod pod, boolean podFailed) {
            if (job.getMetadata().getDeletionTimestamp() != null || finished != null || JobPods.succeeded(pod)) {
                return true;
            }
            if (!podFailed) {
                return false;
            }
            OptionalInt index = JobPods.index(pod);
            if (IndexFailures.perIndex(job) && index.isPresent()) {
                Pod delayed = delayedDeletions.get(index.getAsInt());
                return delayed == null || !delayed.getMetadata().getUid().equals(pod.getMetadata().getUid());
            }
            return true;
        }

        // k/k job_controller.go cleanUncountedPodsWithoutFinalizers: uncounted pods that no longer hold the
        // finalizer (or are gone) move to the counters.
        private boolean countReleased(Set<String> withFinalizer) {
            int before = uncountedSucceeded.size() + uncountedFailed.size();
            int goneSucceeded = (int) uncountedSucceeded.stream().filter(uid -> !withFinalizer.contains(uid)).count();
            int goneFailed = (int) uncountedFailed.stream().filter(uid -> !withFinalizer.contains(uid)).count();
            uncountedSucceeded.retainAll(withFinalizer);
            uncountedFailed.retainAll(withFinalizer);
            if (!indexed) {
                status.setSucceeded(omitZero(nz(status.getSucceeded()) + goneSucceeded));
            }
            status.setFailed(omitZero(nz(status.getFailed()) + goneFailed));
            return uncountedSucceeded.size() + uncountedFailed.size() != before;
        }

        private void setUncounted() {
            status.setUncountedTerminatedPods(new UncountedTerminatedPods(List.copyOf(uncountedFailed),
                    List.copyOf(uncountedSucceeded)));
        }

        // k/k job_controller.go enactJobFinished: the terminal condition waits for uncounted and terminating pods.
        private boolean enactFinished() {
            if (finished == null || !uncountedSucceeded.isEmpty() || !uncountedFailed.isEmpty() || terminating > 0) {
                return false;
            }
            JobConditions.set(status, finished.getType(), "True", finished.getReason(), finished.getMessage(), now);
            if (JobConditions.COMPLETE.equals(finished.getType())) {
                status.setCompletionTime(stamp(now));
            }
            return true;
        }

        private void write() {
            job = api.writeStatus(job, status);
        }

        private void requeueAfter(Duration delay) {
            requeue = requeue == null || delay.compareTo(requeue) < 0 ? delay : requeue;
        }

        private JobCondition condition(String type, String reason, String message) {
            return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason)
                    .withMessage(message).withLastProbeTime(stamp(now)).withLastTransitionTime(stamp(now)).build();
        }
    }

    private static boolean isSuccessCriteriaMet(JobCondition condition) {
        return JobConditions.SUCCESS_CRITERIA_MET.equals(condition.getType());
    }

    private static String podKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static String stamp(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static int nz(Integer value) {
        return value == null ? 0 : value;
    }

    private static Integer omitZero(int value) {
        return value == 0 ? null : value;
    }
}
