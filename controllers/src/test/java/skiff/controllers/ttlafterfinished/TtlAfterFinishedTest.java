package skiff.controllers.ttlafterfinished;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import skiff.controllers.framework.SyncResult;

class TtlAfterFinishedTest {
    private static final Instant FINISHED = Instant.parse("2026-06-01T12:00:00Z");

    private final List<String> deleted = new ArrayList<>();
    private final TtlAfterFinished ttl = new TtlAfterFinished(job -> deleted.add(job.getMetadata().getName()));

    @Test
    void aFinishedJobIsDeletedItsTtlAfterFinishing() {
        Job job = job(60, "Complete");

        assertThat(ttl.check(job, FINISHED.plusSeconds(10))).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(50)));
        assertThat(deleted).isEmpty();
        assertThat(ttl.check(job, FINISHED.plusSeconds(60))).isEqualTo(SyncResult.done());
        assertThat(deleted).containsExactly("j");
    }

    @Test
    void aRunningJobOrOneWithoutTtlIsKept() {
        ttl.check(job(0, "Suspended"), FINISHED.plusSeconds(3600));
        ttl.check(new JobBuilder(job(0, "Failed")).editSpec().withTtlSecondsAfterFinished(null).endSpec().build(),
                FINISHED.plusSeconds(3600));

        assertThat(deleted).isEmpty();
    }

    private static Job job(int ttlSeconds, String condition) {
        return new JobBuilder().withNewMetadata().withNamespace("ns").withName("j").endMetadata().withNewSpec()
                .withTtlSecondsAfterFinished(ttlSeconds).endSpec().withNewStatus().addNewCondition()
                .withType(condition).withStatus("True").withLastTransitionTime(FINISHED.toString()).endCondition()
                .endStatus().build();
    }
}
