package skiff.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import skiff.api.cron.CronSchedule;
import skiff.api.time.FakeClock;
import skiff.client.events.EventRecorder;
import skiff.client.events.EventSink;
import skiff.controllers.framework.SyncResult;

/** The CronJob sync against in-memory jobs, on a fake clock: no test waits for a real minute. */
class CronJobSyncTest {
    private static final Instant CREATED = Instant.parse("2026-06-01T12:00:30Z");

    private final FakeClock clock = new FakeClock(CREATED);
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
    }, clock, "cronjob-controller", "", Executors.newSingleThreadExecutor());
    private final List<Job> jobs = new ArrayList<>();
    private final AtomicInteger uids = new AtomicInteger();
    private CronJob cronJob;

    private final CronJobSync sync = new CronJobSync(new CronJobSync.Caches() {
        @Override
        public CronJob cronJob(String key) {
            return cronJob;
        }

        @Override
        public List<Job> jobsOf(CronJob c) {
            return List.copyOf(jobs);
        }
    }, new CronJobSync.Api() {
        @Override
        public Job createJob(String namespace, Job job) {
            if (jobs.stream().anyMatch(j -> j.getMetadata().getName().equals(job.getMetadata().getName()))) {
                throw new KubernetesClientException("exists", 409, null);
            }
            Job created = new JobBuilder(job).editMetadata().withUid("job-" + uids.incrementAndGet())
                    .withCreationTimestamp(clock.now().toString()).endMetadata().build();
            jobs.add(created);
            return created;
        }

        @Override
        public Job getJob(String namespace, String name) {
            return jobs.stream().filter(j -> j.getMetadata().getName().equals(name)).findFirst().orElse(null);
        }

        @Override
        public boolean deleteJob(Job job) {
            jobs.removeIf(j -> j.getMetadata().getName().equals(job.getMetadata().getName()));
            return true;
        }

        @Override
        public void writeStatus(CronJob c, CronJobStatus status) {
            cronJob = new CronJobBuilder(cronJob).withStatus(new CronJobStatusBuilder(status).build()).build();
        }
    }, recorder, clock);

    private static CronJob cronJob(String schedule, String policy) {
        return new CronJobBuilder().withNewMetadata().withNamespace("ns").withName("cj").withUid("cj-uid")
                .withCreationTimestamp(CREATED.toString()).endMetadata()
                .withNewSpec().withSchedule(schedule).withConcurrencyPolicy(policy).withSuspend(false)
                .withSuccessfulJobsHistoryLimit(3).withFailedJobsHistoryLimit(1)
                .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().endTemplate()
                .endSpec().endJobTemplate().endSpec().build();
    }

    @Test
    void allowStartsARunEachMinuteNamedForItsScheduledMinute() {
        cronJob = cronJob("* * * * *", "Allow");
        assertThat(sync.sync("ns/cj")).isEqualTo(SyncResult.requeueAfter(Duration.ofMillis(30_100)));
        assertThat(jobs).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        sync.sync("ns/cj");
        clock.advance(Duration.ofMinutes(1));
        sync.sync("ns/cj");
        long minute = Instant.parse("2026-06-01T12:01:00Z").getEpochSecond() / 60;
        assertThat(jobs).extracting(j -> j.getMetadata().getName()).containsExactly("cj-" + minute, "cj-" + (minute + 1));
        assertThat(jobs.get(0).getMetadata().getAnnotations())
                .containsEntry("batch.kubernetes.io/cronjob-scheduled-timestamp", "2026-06-01T12:01:00Z");
        assertThat(jobs.get(0).getMetadata().getOwnerReferences().get(0).getController()).isTrue();
        assertThat(cronJob.getStatus().getActive()).hasSize(2);
        assertThat(cronJob.getStatus().getLastScheduleTime()).isEqualTo("2026-06-01T12:02:00Z");
        Awaitility.await().untilAsserted(() -> assertThat(events).contains("SuccessfulCreate: Created job cj-" + minute));
    }

    @Test
    void forbidSkipsARunWhileOneIsActive() {
        cronJob = cronJob("* * * * *", "Forbid");
        clock.advance(Duration.ofSeconds(30));
        sync.sync("ns/cj");
        clock.advance(Duration.ofMinutes(1));
        sync.sync("ns/cj");
        assertThat(jobs).hasSize(1);
        Awaitility.await().untilAsserted(() -> assertThat(events).contains(
                "JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid"));
        finishFirstJob("Complete");
        clock.advance(Duration.ofMinutes(1));
        sync.sync("ns/cj");
        assertThat(jobs).hasSize(2);
        assertThat(cronJob.getStatus().getLastSuccessfulTime()).isNotNull();
    }

    @Test
    void replaceDeletesTheActiveRunAndStartsTheNext() {
        cronJob = cronJob("* * * * *", "Replace");
        clock.advance(Duration.ofSeconds(30));
        sync.sync("ns/cj");
        String first = jobs.get(0).getMetadata().getName();
        clock.advance(Duration.ofMinutes(1));
        sync.sync("ns/cj");
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).getMetadata().getName()).isNotEqualTo(first);
        assertThat(cronJob.getStatus().getActive()).extracting(r -> r.getName())
                .containsExactly(jobs.get(0).getMetadata().getName());
    }

    @Test
    void suspendedStartsNothing() {
        cronJob = new CronJobBuilder(cronJob("* * * * *", "Allow")).editSpec().withSuspend(true).endSpec().build();
        clock.advance(Duration.ofMinutes(5));
        assertThat(sync.sync("ns/cj")).isEqualTo(SyncResult.done());
        assertThat(jobs).isEmpty();
    }

    @Test
    void tooManyMissedStartsWarnsAndRunsTheLatest() {
        cronJob = cronJob("* * * * *", "Allow");
        clock.advance(Duration.ofHours(3));
        sync.sync("ns/cj");
        assertThat(jobs).hasSize(1);
        assertThat(cronJob.getStatus().getLastScheduleTime()).isEqualTo("2026-06-01T15:00:00Z");
        Awaitility.await().untilAsserted(() -> assertThat(events).contains("TooManyMissedTimes: too many missed "
                + "start times: 180. Set or decrease .spec.startingDeadlineSeconds or check clock skew"));
    }

    @Test
    void aStartMissedByMoreThanTheDeadlineIsSkipped() {
        cronJob = new CronJobBuilder(cronJob("0 * * * *", "Allow")).editSpec().withStartingDeadlineSeconds(10L)
                .endSpec().build();
        clock.advance(Duration.ofMinutes(59).plusSeconds(25));
        sync.sync("ns/cj");
        assertThat(jobs).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        sync.sync("ns/cj");
        assertThat(jobs).hasSize(1);
        clock.advance(Duration.ofHours(1).plusSeconds(10));
        sync.sync("ns/cj");
        assertThat(jobs).hasSize(1);
    }

    @Test
    void finishedJobsBeyondTheHistoryLimitAreDeletedOldestFirst() {
        cronJob = new CronJobBuilder(cronJob("* * * * *", "Allow")).editSpec().withSuccessfulJobsHistoryLimit(1)
                .endSpec().build();
        clock.advance(Duration.ofSeconds(30));
        sync.sync("ns/cj");
        finishFirstJob("Complete");
        clock.advance(Duration.ofMinutes(1));
        sync.sync("ns/cj");
        String second = jobs.get(1).getMetadata().getName();
        jobs.set(1, finished(jobs.get(1), "Complete"));
        clock.advance(Duration.ofMinutes(1));
        sync.sync("ns/cj");
        assertThat(jobs).extracting(j -> j.getMetadata().getName()).contains(second).hasSize(2);
    }

    // k/k utils_test.go: the latest activation due, and the rough count of those missed.
    @ParameterizedTest(name = "{0} from {1} at {2}")
    @CsvSource(delimiter = '|', value = {
        "0 * * * *    | 2026-06-01T10:00:00Z | 2026-06-01T10:30:00Z | ''                   | 0",
        "0 * * * *    | 2026-06-01T10:00:00Z | 2026-06-01T11:00:00Z | 2026-06-01T11:00:00Z | 1",
        "0 * * * *    | 2026-06-01T10:00:00Z | 2026-06-01T13:30:00Z | 2026-06-01T13:00:00Z | 3",
        "*/10 * * * * | 2026-06-01T10:00:00Z | 2026-06-02T10:00:00Z | 2026-06-02T10:00:00Z | 144",
        "30 6-16/4 * * 1-5 | 2026-06-01T06:30:00Z | 2026-06-03T12:00:00Z | 2026-06-03T10:30:00Z | 13",
    })
    void missedSchedules(String spec, String earliest, String now, String latest, long missed) {
        MissedSchedules result = MissedSchedules.of(CronSchedule.parse(spec.strip()), Instant.parse(earliest.strip()),
                Instant.parse(now.strip()));
        assertThat(result.mostRecent().map(Instant::toString).orElse("")).isEqualTo(latest.strip());
        assertThat(result.missed()).isEqualTo(missed);
    }

    private void finishFirstJob(String type) {
        jobs.set(0, finished(jobs.get(0), type));
        sync.sync("ns/cj");
    }

    private Job finished(Job job, String type) {
        return new JobBuilder(job).withNewStatus().withStartTime(job.getMetadata().getCreationTimestamp())
                .withCompletionTime(clock.now().toString()).addNewCondition().withType(type).withStatus("True")
                .endCondition().endStatus().build();
    }
}
