package skiff.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static skiff.apiserver.registry.TestCluster.json;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.apiserver.status.StatusException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes to jobs/status and persistentvolumes/status through the registry: Kubernetes' 422 for a bad job status, and
 * a volume's lastPhaseTransitionTime set by the server on each new phase (k/k 1.32 strategies).
 */
class StatusSubresourceRulesTest {
    private final TestCluster cluster = new TestCluster();
    private final ResourceStorage jobs = cluster.storage("batch", "jobs");
    private final ResourceStorage volumes = cluster.storage("", "persistentvolumes");

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aJobStatusThatIsNotKubernetesOneIsRefusedWithItsFieldPaths() {
        jobs.create("default", json("""
                {"metadata": {"name": "j"}, "spec": {"template": {"spec": {"restartPolicy": "Never",
                 "containers": [{"name": "main", "image": "busybox"}]}}}}"""), WriteOptions.DEFAULT);
        ObjectNode job = jobs.get("default", "j");
        job.putObject("status").put("active", 1).put("ready", 2).putArray("conditions").addObject()
                .put("type", "Complete").put("status", "True");

        assertThatThrownBy(() -> jobs.update("default", "j", job, ObjectPart.STATUS, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(StatusException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("Job.batch \"j\" is invalid: ["
                            + "status.completionTime: Required value: completionTime is required for Complete jobs, "
                            + "status.conditions: Invalid value: cannot set Complete=True condition without the "
                            + "SuccessCriteriaMet=true condition, "
                            + "status.active: Invalid value: 1: active>0 is invalid for finished job, "
                            + "status.startTime: Required value: startTime is required for finished job, "
                            + "status.ready: Invalid value: 2: cannot set more ready pods than active]");
                });
        assertThat(jobs.get("default", "j").path("status").path("conditions").isMissingNode()).isTrue();
    }

    @Test
    void aVolumeRecordsWhenItsPhaseLastChanged() {
        volumes.create(null, json("""
                {"metadata": {"name": "pv"}, "spec": {"capacity": {"storage": "1Gi"},
                 "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/tmp/pv"}}}"""), WriteOptions.DEFAULT);
        assertThat(volumes.get(null, "pv").path("status").path("lastPhaseTransitionTime").asString())
                .isEqualTo("2026-03-01T10:00:00Z");

        cluster.clock.advance(Duration.ofMinutes(1));
        ObjectNode available = volumes.get(null, "pv");
        available.withObject("status").put("phase", "Available").remove("lastPhaseTransitionTime");
        volumes.update(null, "pv", available, ObjectPart.STATUS, WriteOptions.DEFAULT);
        assertThat(volumes.get(null, "pv").path("status").path("lastPhaseTransitionTime").asString())
                .isEqualTo("2026-03-01T10:01:00Z");

        cluster.clock.advance(Duration.ofMinutes(1));
        ObjectNode samePhase = volumes.get(null, "pv");
        samePhase.withObject("status").put("message", "still here").remove("lastPhaseTransitionTime");
        volumes.update(null, "pv", samePhase, ObjectPart.STATUS, WriteOptions.DEFAULT);
        assertThat(volumes.get(null, "pv").path("status").path("lastPhaseTransitionTime").asString())
                .isEqualTo("2026-03-01T10:01:00Z");
    }
}
