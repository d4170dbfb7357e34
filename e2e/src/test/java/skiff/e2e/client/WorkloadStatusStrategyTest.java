package skiff.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;
import tools.jackson.databind.JsonNode;

/**
 * Writes to the status of workloads (k/k pkg/registry/apps/{replicaset,deployment,statefulset,daemonset} and
 * core/replicationcontroller strategy.go status strategies, and the Validate*StatusUpdate functions, 1.32): the spec
 * stays as stored, a deployment's labels too, and the status is validated. The workload controllers are off so that
 * only the test writes status.
 */
class WorkloadStatusStrategyTest {
    private static final String MERGE = "application/merge-patch+json";

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet()
            .disableControllers("replicaset", "replicationcontroller", "deployment", "statefulset", "daemonset",
                    "scheduler")
            .build();

    private static KubernetesClient client;
    private static RawApi raw;
    private static String namespace;

    @BeforeAll
    static void createNamespace() {
        client = skiff.client();
        raw = new RawApi(client);
        namespace = FreshNamespace.create(client, "workload-status");
    }

    @Test
    void aReplicaSetStatusWithMoreReadyThanReplicasIsRefused() {
        client.resource(SampleObjects.replicaSet(namespace, "ready")).create();

        RawResponse answer = patchStatus("apis/apps/v1", "replicasets", "ready",
                "{\"status\":{\"replicas\":1,\"readyReplicas\":2,\"availableReplicas\":1}}");

        assertInvalid(answer, "status.readyReplicas");
        assertThat(answer.json().path("message").asString())
                .contains("status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas");
    }

    @Test
    void aReplicaSetStatusUpdateKeepsTheSpecButTakesLabels() {
        ReplicaSet created = client.resource(SampleObjects.replicaSet(namespace, "keeps")).create();
        ReplicaSet body = new ReplicaSetBuilder(created)
                .editMetadata().addToLabels("tier", "web").endMetadata()
                .editSpec().withReplicas(7).endSpec()
                .withNewStatus().withReplicas(2).withReadyReplicas(1).endStatus()
                .build();

        client.resource(body).updateStatus();

        ReplicaSet stored = client.apps().replicaSets().inNamespace(namespace).withName("keeps").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(2);
        assertThat(stored.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(stored.getMetadata().getLabels()).containsEntry("tier", "web");
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void aReplicationControllerStatusWithNegativeReplicasIsRefused() {
        client.resource(new ReplicationControllerBuilder().withMetadata(SampleObjects.meta(namespace, "rc"))
                .withNewSpec().withReplicas(1).withSelector(Map.of("app", "rc"))
                .withTemplate(SampleObjects.template("rc")).endSpec().build()).create();

        assertInvalid(patchStatus("api/v1", "replicationcontrollers", "rc", "{\"status\":{\"replicas\":-1}}"),
                "status.replicas");
    }

    @Test
    void aDeploymentStatusUpdateKeepsSpecAndLabelsAndItsCollisionCountNeverGoesDown() {
        Deployment created = client.resource(SampleObjects.deployment(namespace, "deploy")).create();
        client.resource(new DeploymentBuilder(created)
                .editMetadata().addToLabels("tier", "web").endMetadata()
                .editSpec().withReplicas(9).endSpec()
                .withNewStatus().withCollisionCount(2).endStatus()
                .build()).updateStatus();

        Deployment stored = client.apps().deployments().inNamespace(namespace).withName("deploy").get();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(2);
        assertThat(stored.getMetadata().getLabels()).doesNotContainKey("tier");
        assertThat(stored.getStatus().getCollisionCount()).isEqualTo(2);
        assertInvalid(patchStatus("apis/apps/v1", "deployments", "deploy", "{\"status\":{\"collisionCount\":1}}"),
                "status.collisionCount");
    }

    @Test
    void aStatefulSetStatusWithMoreAvailableThanReadyIsRefused() {
        client.resource(SampleObjects.statefulSet(namespace, "sts")).create();

        RawResponse answer = patchStatus("apis/apps/v1", "statefulsets", "sts",
                "{\"status\":{\"replicas\":2,\"readyReplicas\":1,\"availableReplicas\":2}}");

        assertInvalid(answer, "status.availableReplicas");
        assertThat(answer.json().path("message").asString()).contains("cannot be greater than status.readyReplicas");
    }

    @Test
    void aDaemonSetStatusWithNegativeCountsIsRefused() {
        client.resource(SampleObjects.daemonSet(namespace, "ds")).create();

        assertInvalid(patchStatus("apis/apps/v1", "daemonsets", "ds",
                "{\"status\":{\"currentNumberScheduled\":0,\"numberMisscheduled\":0,\"desiredNumberScheduled\":0,"
                        + "\"numberReady\":-1}}"),
                "status.numberReady");
    }

    private static void assertInvalid(RawResponse answer, String field) {
        assertThat(answer.code()).as(answer.body()).isEqualTo(422);
        JsonNode cause = answer.json().path("details").path("causes").get(0);
        assertThat(cause.path("field").asString()).isEqualTo(field);
        assertThat(cause.path("reason").asString()).isEqualTo("FieldValueInvalid");
    }

    private static RawResponse patchStatus(String prefix, String resource, String name, String body) {
        return raw.send("PATCH", "/" + prefix + "/namespaces/" + namespace + "/" + resource + "/" + name + "/status",
                MERGE, body);
    }
}
