package skiff.controllers.cronjob;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import skiff.api.cron.CronSchedule;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.SyncResult;

/**
 * One reconcile of one CronJob (k/k pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob, 1.32): the active list
 * follows its jobs, finished jobs beyond the history limits go, and the latest due schedule time gets its job, named
 * {@code <cronjob>-<minutes since the epoch>}, as the concurrency policy allows.
 */
final class CronJobSync {
    static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    // k/k cronjob_controllerv2.go nextScheduleDelta: look again just after the next activation.
    static final Duration NEXT_SCHEDULE_DELTA = Duration.ofMillis(100);
    // k/k utils.go nextScheduleTime: more missed activations than this gets a warning.
    static final long TOO_MANY_MISSED = 100;
    private static final DateTimeFormatter RFC1123Z =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.ROOT);

    interface Caches {
        CronJob cronJob(String key);

        /** The jobs whose controller reference is {@code cronJob}. */
        List<Job> jobsOf(CronJob cronJob);
    }

    interface Api {
        Job createJob(String namespace, Job job);

        /** The job by name, or null. */
        Job getJob(String namespace, String name);

        /** Deletes a job with background propagation; false when it failed. */
        boolean deleteJob(Job job);

        void writeStatus(CronJob cronJob, CronJobStatus status);
    }

    private final Caches caches;
    private final Api api;
    private final EventRecorder events;
    private final Clock clock;

    CronJobSync(Caches caches, Api api, EventRecorder events, Clock clock) {
        this.caches = caches;
        this.api = api;
        this.events = events;
        this.clock = clock;
    }

    SyncResult sync(String key) {
        CronJob cronJob = caches.cronJob(key);
        if (cronJob == null) {
            return SyncResult.done();
        }
        Instant now = clock.now();
        List<Job> jobs = caches.jobsOf(cronJob);
        CronJobStatus status = cronJob.getStatus() == null ? new CronJobStatus()
                : new CronJobStatusBuilder(cronJob.getStatus()).build();
        trackActive(cronJob, status, jobs);
        Optional<Duration> requeue = Optional.empty();
        if (cronJob.getMetadata().getDeletionTimestamp() == null) {
            requeue = schedule(cronJob, status, now);
        }
        if (!Objects.equals(status, cronJob.getStatus())) {
            api.writeStatus(cronJob, status);
        }
        cleanUpFinished(cronJob, jobs);
        return requeue.map(SyncResult::requeueAfter).orElseGet(SyncResult::done);
    }

    // k/k cronjob_controllerv2.go syncCronJob: jobs of ours that run join the active list; finished ones leave it
    // (and a Complete one may move lastSuccessfulTime); listed jobs that no longer exist leave it too.
    private void trackActive(CronJob cronJob, CronJobStatus status, List<Job> jobs) {
        Map<String, ObjectReference> active = new LinkedHashMap<>();
        for (ObjectReference ref : Objects.requireNonNullElse(status.getActive(), List.<ObjectReference>of())) {
            active.put(ref.getUid(), ref);
        }
        Map<String, Job> byUid = new LinkedHashMap<>();
        for (Job job : jobs) {
            byUid.put(job.getMetadata().getUid(), job);
            boolean listed = active.containsKey(job.getMetadata().getUid());
            Optional<String> finished = finishedType(job);
            if (!listed && finished.isEmpty()) {
                active.put(job.getMetadata().getUid(), reference(job));
            } else if (listed && finished.isPresent()) {
                active.remove(job.getMetadata().getUid());
                events.event(cronJob, EventRecorder.NORMAL, "SawCompletedJob",
                        "Saw completed job: " + job.getMetadata().getName() + ", condition: " + finished.get());
            }
            if (finished.filter("Complete"::equals).isPresent() && job.getStatus().getCompletionTime() != null) {
                Instant done = Instant.parse(job.getStatus().getCompletionTime());
                if (status.getLastSuccessfulTime() == null
                        || done.isAfter(Instant.parse(status.getLastSuccessfulTime()))) {
                    status.setLastSuccessfulTime(job.getStatus().getCompletionTime());
                }
            }
        }
        for (ObjectReference ref : List.copyOf(active.values())) {
            if (!byUid.containsKey(ref.getUid())
                    && api.getJob(cronJob.getMetadata().getNamespace(), ref.getName()) == null) {
                active.remove(ref.getUid());
                events.event(cronJob, EventRecorder.NORMAL, "MissingJob",
                        "Active job went missing: " + ref.getName());
            }
        }
        status.setActive(active.isEmpty() ? null : new ArrayList<>(active.values()));
    }

    private Optional<Duration> schedule(CronJob cronJob, CronJobStatus status, Instant now) {
        String zoneName = cronJob.getSpec().getTimeZone();
        ZoneId zone = ZoneOffset.UTC;
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                events.event(cronJob, EventRecorder.WARNING, "UnknownTimeZone",
                        "invalid timeZone: \"" + zoneName + "\": unknown time zone " + zoneName);
                return Optional.empty();
            }
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(cronJob.getSpec().getSchedule()).inZone(zone);
        } catch (IllegalArgumentException e) {
            events.event(cronJob, EventRecorder.WARNING, "UnparseableSchedule",
                    "unparseable schedule: \"" + cronJob.getSpec().getSchedule() + "\" : " + e.getMessage());
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(cronJob.getSpec().getSuspend())) {
            return Optional.empty();
        }
        MissedSchedules missed;
        try {
            missed = MissedSchedules.of(schedule, earliest(cronJob, status, now, true), now);
        } catch (IllegalArgumentException e) {
            events.event(cronJob, EventRecorder.WARNING, "InvalidSchedule",
                    "invalid schedule: " + cronJob.getSpec().getSchedule() + " : " + e.getMessage());
            return Optional.empty();
        }
        if (missed.missed() > TOO_MANY_MISSED) {
            events.event(cronJob, EventRecorder.WARNING, "TooManyMissedTimes", "too many missed start times: "
                    + missed.missed() + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        if (missed.mostRecent().isEmpty()) {
            return nextDelay(cronJob, status, schedule, now);
        }
        Instant scheduled = missed.mostRecent().get();
        Long deadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
            events.event(cronJob, EventRecorder.WARNING, "MissSchedule", "Missed scheduled time to start a job: "
                    + RFC1123Z.format(scheduled.atZone(ZoneOffset.UTC)));
            return nextDelay(cronJob, status, schedule, now);
        }
        String name = jobName(cronJob, scheduled);
        List<ObjectReference> active = Objects.requireNonNullElse(status.getActive(), List.of());
        if (active.stream().anyMatch(r -> name.equals(r.getName()))
                || scheduled.toString().equals(normalized(status.getLastScheduleTime()))) {
            return nextDelay(cronJob, status, schedule, now);
        }
        String policy = Objects.requireNonNullElse(cronJob.getSpec().getConcurrencyPolicy(), "Allow");
        if (policy.equals("Forbid") && !active.isEmpty()) {
            events.event(cronJob, EventRecorder.NORMAL, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return nextDelay(cronJob, status, schedule, now);
        }
        List<ObjectReference> stillActive = new ArrayList<>(active);
        if (policy.equals("Replace")) {
            for (ObjectReference ref : active) {
                Job job = api.getJob(ref.getNamespace() == null ? cronJob.getMetadata().getNamespace()
                        : ref.getNamespace(), ref.getName());
                if (job != null) {
                    if (!api.deleteJob(job)) {
                        return Optional.empty();
                    }
                    events.event(cronJob, EventRecorder.NORMAL, "SuccessfulDelete",
                            "Deleted job " + job.getMetadata().getName());
                }
                stillActive.remove(ref);
            }
        }
        Job created;
        try {
            created = api.createJob(cronJob.getMetadata().getNamespace(), jobFromTemplate(cronJob, scheduled, zone));
            events.event(cronJob, EventRecorder.NORMAL, "SuccessfulCreate",
                    "Created job " + created.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                events.event(cronJob, EventRecorder.WARNING, "FailedCreate", "Error creating job: " + e.getMessage());
                throw e;
            }
            created = api.getJob(cronJob.getMetadata().getNamespace(), name);
            if (created == null || !ownedBy(created, cronJob)) {
                return Optional.empty();
            }
        }
        String createdUid = created.getMetadata().getUid();
        if (stillActive.stream().noneMatch(r -> Objects.equals(r.getUid(), createdUid))) {
            stillActive.add(reference(created));
        }
        status.setActive(stillActive);
        status.setLastScheduleTime(scheduled.toString());
        return nextDelay(cronJob, status, schedule, now);
    }

    private static String normalized(String time) {
        return time == null ? null : Instant.parse(time).toString();
    }

    // k/k utils.go mostRecentScheduleTime: from the last schedule time or the creation time, and with the deadline
    // not before now minus startingDeadlineSeconds.
    private static Instant earliest(CronJob cronJob, CronJobStatus status, Instant now, boolean withDeadline) {
        Instant earliest = status.getLastScheduleTime() != null ? Instant.parse(status.getLastScheduleTime())
                : Instant.parse(cronJob.getMetadata().getCreationTimestamp());
        Long deadline = cronJob.getSpec().getStartingDeadlineSeconds();
        if (withDeadline && deadline != null && now.minusSeconds(deadline).isAfter(earliest)) {
            earliest = now.minusSeconds(deadline);
        }
        return earliest;
    }

    // k/k utils.go nextScheduleTimeDuration: until the activation after the most recent one, plus a little.
    private static Optional<Duration> nextDelay(CronJob cronJob, CronJobStatus status, CronSchedule schedule,
            Instant now) {
        Instant from;
        try {
            from = MissedSchedules.of(schedule, earliest(cronJob, status, now, false), now).mostRecent()
                    .orElse(earliest(cronJob, status, now, false));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return schedule.next(from).map(t -> Duration.between(now, t.plus(NEXT_SCHEDULE_DELTA)));
    }

    // k/k utils.go getJobFromTemplate2 and getTimeHashInMinutes: the template's labels and annotations, the
    // scheduled time in the cron job's zone (RFC 3339) as an annotation, and a controller reference.
    static Job jobFromTemplate(CronJob cronJob, Instant scheduled, ZoneId zone) {
        ObjectMeta templateMeta = cronJob.getSpec().getJobTemplate().getMetadata();
        Map<String, String> labels = templateMeta == null || templateMeta.getLabels() == null ? null
                : new LinkedHashMap<>(templateMeta.getLabels());
        Map<String, String> annotations = new LinkedHashMap<>(templateMeta == null
                || templateMeta.getAnnotations() == null ? Map.of() : templateMeta.getAnnotations());
        annotations.put(SCHEDULED_TIMESTAMP, scheduled.atZone(zone).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return new JobBuilder()
                .withNewMetadata()
                    .withName(jobName(cronJob, scheduled))
                    .withNamespace(cronJob.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
                            .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid())
                            .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withSpec(cronJob.getSpec().getJobTemplate().getSpec())
                .build();
    }

    static String jobName(CronJob cronJob, Instant scheduled) {
        return cronJob.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
    }

    // k/k cronjob_controllerv2.go cleanupFinishedJobs and removeOldestJobs: the oldest finished jobs (by start time,
    // unstarted last) beyond successfulJobsHistoryLimit and failedJobsHistoryLimit are deleted.
    private void cleanUpFinished(CronJob cronJob, List<Job> jobs) {
        Integer successLimit = cronJob.getSpec().getSuccessfulJobsHistoryLimit();
        Integer failLimit = cronJob.getSpec().getFailedJobsHistoryLimit();
        if (successLimit != null) {
            removeOldest(cronJob, jobs.stream().filter(j -> finishedType(j).filter("Complete"::equals).isPresent())
                    .toList(), successLimit);
        }
        if (failLimit != null) {
            removeOldest(cronJob, jobs.stream().filter(j -> finishedType(j).filter("Failed"::equals).isPresent())
                    .toList(), failLimit);
        }
    }

    private void removeOldest(CronJob cronJob, List<Job> finished, int limit) {
        if (finished.size() <= limit) {
            return;
        }
        Comparator<Job> byStart = Comparator.comparing((Job j) -> j.getStatus().getStartTime() == null)
                .thenComparing(j -> j.getStatus().getStartTime() == null ? Instant.MAX
                        : Instant.parse(j.getStatus().getStartTime()))
                .thenComparing(j -> j.getMetadata().getName());
        List<Job> sorted = finished.stream().sorted(byStart).toList();
        for (Job job : sorted.subList(0, sorted.size() - limit)) {
            if (job.getMetadata().getDeletionTimestamp() == null && api.deleteJob(job)) {
                events.event(cronJob, EventRecorder.NORMAL, "SuccessfulDelete",
                        "Deleted job " + job.getMetadata().getName());
            }
        }
    }

    private static boolean ownedBy(Job job, CronJob cronJob) {
        return job.getMetadata().getOwnerReferences() != null && job.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> Boolean.TRUE.equals(r.getController())
                        && Objects.equals(r.getUid(), cronJob.getMetadata().getUid()));
    }

    /** "Complete" or "Failed" when the job has finished (k/k utils.go getFinishedStatus). */
    static Optional<String> finishedType(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus())) {
                return Optional.of(c.getType());
            }
        }
        return Optional.empty();
    }

    private static ObjectReference reference(Job job) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withName(job.getMetadata().getName()).withNamespace(job.getMetadata().getNamespace())
                .withUid(job.getMetadata().getUid()).withResourceVersion(job.getMetadata().getResourceVersion())
                .build();
    }
}
