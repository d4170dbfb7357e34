package skiff.controllers.ttlafterfinished;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import skiff.controllers.framework.SyncResult;

/**
 * The TTL-after-finished rule (k/k pkg/controller/ttlafterfinished/ttlafterfinished_controller.go, 1.32): a finished
 * job with {@code ttlSecondsAfterFinished} is deleted (foreground, so its pods go first) that long after it finished.
 * {@link TtlAfterFinishedController} applies it to every job its informer reports.
 */
final class TtlAfterFinished {
    private final Consumer<Job> deleteJob;

    TtlAfterFinished(Consumer<Job> deleteJob) {
        this.deleteJob = deleteJob;
    }

    SyncResult check(Job job, Instant now) {
        Integer ttl = job.getSpec().getTtlSecondsAfterFinished();
        if (ttl == null || job.getMetadata().getDeletionTimestamp() != null) {
            return SyncResult.done();
        }
        Optional<Instant> finished = finishedAt(job);
        if (finished.isEmpty()) {
            return SyncResult.done();
        }
        Instant expiry = finished.get().plusSeconds(ttl);
        if (now.isBefore(expiry)) {
            return SyncResult.requeueAfter(Duration.between(now, expiry));
        }
        deleteJob.accept(job);
        return SyncResult.done();
    }

    // k/k ttlafterfinished_controller.go jobFinishTime: the finished condition's last transition time.
    private static Optional<Instant> finishedAt(Job job) {
        return job.getStatus().getConditions().stream()
                .filter(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(c -> Instant.parse(c.getLastTransitionTime())).findFirst();
    }
}
