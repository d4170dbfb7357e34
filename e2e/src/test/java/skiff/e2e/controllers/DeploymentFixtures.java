package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import skiff.controllers.BuiltinControllers;
import skiff.testing.SkiffExtension;

/** Deployments for tests, and waits on what the Deployment controller reports. */
public final class DeploymentFixtures {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private DeploymentFixtures() {}

    /** Leaves the ReplicaSet controller out, when there is one, so that the test alone writes replica set status. */
    public static SkiffExtension.Builder withoutReplicaSetController(SkiffExtension.Builder builder) {
        return BuiltinControllers.names().contains("replicaset") ? builder.disableControllers("replicaset")
                : builder;
    }

    /** Reports every set available until the deployment says it rolled out. */
    public static void rolledOut(KubernetesClient client, ReplicaSetStatusDriver driver, String ns, String name) {
        await().atMost(DEADLINE).untilAsserted(() -> {
            driver.allAvailable(name);
            Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
            assertThat(d.getStatus()).isNotNull();
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(d.getSpec().getReplicas());
            assertThat(d.getStatus().getReplicas()).isEqualTo(d.getSpec().getReplicas());
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(d.getSpec().getReplicas());
        });
    }

    public static void setImage(KubernetesClient client, String ns, String name, String image) {
        edit(client, ns, name, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
            return d;
        });
    }

    /** Edits a deployment, retrying when the controller's own write got in first (409). */
    public static void edit(KubernetesClient client, String ns, String name,
            java.util.function.UnaryOperator<Deployment> change) {
        await().atMost(DEADLINE).ignoreExceptionsInstanceOf(
                io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
                    client.apps().deployments().inNamespace(ns).withName(name).edit(change);
                    return true;
                });
    }

    public static Deployment deployment(String name, int replicas, String image) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage(image).endContainer().endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    public static Deployment rolling(Deployment d, int maxSurge, int maxUnavailable) {
        d.getSpec().setStrategy(new DeploymentStrategyBuilder()
                .withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(maxSurge))
                .withMaxUnavailable(new IntOrString(maxUnavailable)).endRollingUpdate().build());
        return d;
    }

    public static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " condition in " + d.getStatus()));
    }
}
