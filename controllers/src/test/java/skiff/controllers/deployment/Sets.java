package skiff.controllers.deployment;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Map;

/** Deployments and replica sets for the planner tests, built by named steps. */
final class Sets {
    private Sets() {}

    static Deployment rolling(int replicas, Object maxSurge, Object maxUnavailable) {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("ns").withGeneration(1L)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withProgressDeadlineSeconds(600)
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable))
                .endRollingUpdate().endStrategy()
                .endSpec().build();
    }

    private static IntOrString intOrPercent(Object v) {
        return v instanceof Integer i ? new IntOrString(i) : new IntOrString((String) v);
    }

    /** A set asking for {@code spec} pods of which {@code available} are available, created at second {@code age}. */
    static ReplicaSet set(String name, int spec, int available, int createdAtSecond) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("ns")
                .withCreationTimestamp("2026-01-01T00:00:%02dZ".formatted(createdAtSecond)).endMetadata()
                .withNewSpec().withReplicas(spec).endSpec()
                .withNewStatus().withReplicas(spec).withReadyReplicas(available).withAvailableReplicas(available)
                .endStatus().build();
    }

    static ReplicaSet annotated(ReplicaSet rs, Map<String, String> annotations) {
        return new ReplicaSetBuilder(rs).editMetadata().addToAnnotations(annotations).endMetadata().build();
    }
}
