package skiff.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.e2e.controllers.DeploymentFixtures;
import skiff.e2e.controllers.ReplicaSetStatusDriver;
import skiff.testing.SkiffExtension;

/**
 * {@code kubectl rollout status|history|undo|pause|resume} against the Deployment controller. Replica set status is
 * reported by the test ({@link ReplicaSetStatusDriver}), standing in for pods.
 */
class RolloutCommandsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension
    static final SkiffExtension skiff = DeploymentFixtures.withoutReplicaSetController(
            SkiffExtension.builder().inMemory().withoutKubelet()).build();

    private Kubectl kubectl() throws IOException {
        return new Kubectl(skiff.server().kubeconfig(), Files.createTempDirectory("kubectl-rollout-"));
    }

    @Test
    void historyListsRevisionsAndUndoRollsBackToThePreviousTemplate() throws IOException {
        Kubectl kubectl = kubectl();
        KubernetesClient client = skiff.client();
        ReplicaSetStatusDriver driver = new ReplicaSetStatusDriver(client, "default");
        client.apps().deployments().inNamespace("default")
                .resource(DeploymentFixtures.deployment("undo", 2, "nginx:1.0")).create();
        DeploymentFixtures.rolledOut(client, driver, "default", "undo");
        // The change cause goes with the template change, as kubectl's --record did; the controller copies the
        // deployment's annotations to whichever replica set is current.
        DeploymentFixtures.edit(client, "default", "undo", d -> {
            d.getMetadata().getAnnotations().put("kubernetes.io/change-cause", "move to 2.0");
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:2.0");
            return d;
        });
        DeploymentFixtures.rolledOut(client, driver, "default", "undo");

        assertThat(kubectl.succeed("rollout", "history", "deployment/undo").stdout()).isEqualTo("""
                deployment.apps/undo \nREVISION  CHANGE-CAUSE
                1         <none>
                2         move to 2.0

                """);

        assertThat(kubectl.succeed("rollout", "undo", "deployment/undo").stdout())
                .isEqualTo("deployment.apps/undo rolled back\n");
        DeploymentFixtures.rolledOut(client, driver, "default", "undo");

        Deployment d = client.apps().deployments().inNamespace("default").withName("undo").get();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.0");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("pod-template-hash");
        // Both sets may carry the same creation second: find the first one by its template.
        ReplicaSet first = driver.of("undo").stream().filter(rs -> "nginx:1.0".equals(
                rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())).findFirst().orElseThrow();
        assertThat(first.getSpec().getReplicas()).isEqualTo(2);
        assertThat(first.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(kubectl.succeed("rollout", "history", "deployment/undo", "--revision=3").stdout())
                .contains("nginx:1.0");
    }

    @Test
    void statusWaitsUntilTheRolloutCompletes() throws Exception {
        Kubectl kubectl = kubectl();
        KubernetesClient client = skiff.client();
        ReplicaSetStatusDriver driver = new ReplicaSetStatusDriver(client, "default");
        client.apps().deployments().inNamespace("default")
                .resource(DeploymentFixtures.deployment("status", 3, "nginx:1.0")).create();
        await().atMost(DEADLINE).until(() -> driver.of("status").size() == 1);

        CompletableFuture<KubectlResult> status = CompletableFuture.supplyAsync(
                () -> kubectl.run("rollout", "status", "deployment/status", "--timeout=50s"));
        driver.report(driver.of("status").get(0).getMetadata().getName(), 3, 1);
        await().atMost(DEADLINE).until(() -> client.apps().deployments().inNamespace("default").withName("status")
                .get().getStatus().getAvailableReplicas() == 1);
        assertThat(status).isNotDone();
        driver.allAvailable("status");

        KubectlResult result = status.get();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).endsWith("deployment \"status\" successfully rolled out\n");
    }

    @Test
    void pauseStopsRolloutsAndResumeStartsThem() throws IOException {
        Kubectl kubectl = kubectl();
        KubernetesClient client = skiff.client();
        ReplicaSetStatusDriver driver = new ReplicaSetStatusDriver(client, "default");
        client.apps().deployments().inNamespace("default")
                .resource(DeploymentFixtures.deployment("pause", 1, "nginx:1.0")).create();
        DeploymentFixtures.rolledOut(client, driver, "default", "pause");

        assertThat(kubectl.succeed("rollout", "pause", "deployment/pause").stdout())
                .isEqualTo("deployment.apps/pause paused\n");
        kubectl.succeed("set", "image", "deployment/pause", "main=nginx:2.0");
        await().atMost(DEADLINE).until(() -> "DeploymentPaused".equals(DeploymentFixtures.condition(
                client.apps().deployments().inNamespace("default").withName("pause").get(), "Progressing")
                .getReason()));
        assertThat(driver.of("pause")).hasSize(1);
        KubectlResult undoWhilePaused = kubectl.run("rollout", "undo", "deployment/pause");
        assertThat(undoWhilePaused.exitCode()).isNotZero();

        assertThat(kubectl.succeed("rollout", "resume", "deployment/pause").stdout())
                .isEqualTo("deployment.apps/pause resumed\n");
        await().atMost(DEADLINE).until(() -> driver.of("pause").size() == 2);
        Map<String, String> annotations = driver.of("pause").get(1).getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("deployment.kubernetes.io/revision", "2");
    }
}
