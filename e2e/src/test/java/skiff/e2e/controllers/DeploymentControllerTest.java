package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.controllers.DeploymentFixtures.condition;
import static skiff.e2e.controllers.DeploymentFixtures.deployment;
import static skiff.e2e.controllers.DeploymentFixtures.rolledOut;
import static skiff.e2e.controllers.DeploymentFixtures.rolling;
import static skiff.e2e.controllers.DeploymentFixtures.setImage;
import static skiff.e2e.controllers.DeploymentFixtures.withoutReplicaSetController;
import static skiff.e2e.controllers.ReplicaSetStatusDriver.available;
import static skiff.e2e.controllers.ReplicaSetStatusDriver.spec;
import static skiff.e2e.controllers.ReplicaSetStatusDriver.sum;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The Deployment controller, observed through the API. No ReplicaSet controller or kubelet runs: the test reports
 * replica set status itself ({@link ReplicaSetStatusDriver}), so it decides when pods "become available".
 */
class DeploymentControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    @RegisterExtension
    static final SkiffExtension skiff = withoutReplicaSetController(SkiffExtension.builder().inMemory()
            .withoutKubelet()).build();

    // A namespace of its own for every test.
    private final KubernetesClient client = skiff.client();
    private final String ns = namespace(client);
    private final ReplicaSetStatusDriver driver = new ReplicaSetStatusDriver(client, ns);

    @Test
    void aNewDeploymentGetsAReplicaSetNamedByItsTemplateHashAtRevisionOne() {
        client.apps().deployments().inNamespace(ns).resource(deployment("web", 3, "nginx:1.0")).create();

        ReplicaSet rs = await().atMost(DEADLINE).until(() -> onlySet(client, ns, "web"), r -> r != null);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash)
                .containsEntry("app", "web");
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4");
        assertThat(rs.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getKind()).isEqualTo("Deployment"));

        driver.allAvailable("web");
        await().atMost(DEADLINE).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
            assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(d.getStatus().getReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
            assertThat(condition(d, "Progressing").getMessage())
                    .isEqualTo("ReplicaSet \"" + rs.getMetadata().getName() + "\" has successfully progressed.");
        });
        assertThat(events(client, ns)).contains("ScalingReplicaSet: Scaled up replica set "
                + rs.getMetadata().getName() + " from 0 to 3");
    }

    @Test
    void newPodsThatNeverBecomeAvailableHoldTheRollingUpdateAtItsBounds() {
        createRolledOut(rolling(deployment("web", 4, "nginx:1.0"), 1, 1));

        setImage(client, ns, "web", "nginx:2.0");
        // The new set's pods exist but never become available: 4 - 1 unavailable = 3 old pods stay, and the new set
        // grows to fill 4 + 1 surge.
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<ReplicaSet> sets = driver.of("web");
            assertThat(sets).hasSize(2);
            for (ReplicaSet rs : sets) {
                if (!ReplicaSetStatusDriver.isReported(rs, spec(rs), rs == sets.get(0) ? spec(rs) : 0)) {
                    driver.report(rs.getMetadata().getName(), spec(rs), rs == sets.get(0) ? spec(rs) : 0);
                }
            }
            assertThat(sets.stream().map(ReplicaSetStatusDriver::spec)).containsExactly(3, 2);
        });
        Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
        await().atMost(DEADLINE).untilAsserted(() -> {
            Deployment now = client.apps().deployments().inNamespace(ns).withName("web").get();
            assertThat(now.getStatus().getUpdatedReplicas()).isEqualTo(2);
            assertThat(now.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(now.getStatus().getUnavailableReplicas()).isEqualTo(2);
            assertThat(condition(now, "Available").getStatus()).isEqualTo("True");
            assertThat(condition(now, "Progressing").getReason()).isEqualTo("ReplicaSetUpdated");
        });
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    }

    @Test
    void aRollingUpdateStaysWithinMaxSurgeAndMaxUnavailableAtEveryStep() {
        createRolledOut(rolling(deployment("web", 5, "nginx:1.0"), 2, 1));

        setImage(client, ns, "web", "nginx:2.0");
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<ReplicaSet> sets = driver.of("web");
            // Every state the controller writes: at most 5 + 2 pods asked for, at least 5 - 1 available.
            assertThat(sum(sets, ReplicaSetStatusDriver::spec)).isLessThanOrEqualTo(7);
            assertThat(sum(sets, rs -> Math.min(spec(rs), available(rs)))).isGreaterThanOrEqualTo(4);
            driver.allAvailable("web");
            assertThat(sets).hasSize(2);
            assertThat(sets.stream().map(ReplicaSetStatusDriver::spec)).containsExactly(0, 5);
            assertThat(sets.stream().map(ReplicaSetStatusDriver::available)).containsExactly(0, 5);
        });
        await().atMost(DEADLINE).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(5);
            assertThat(d.getStatus().getReplicas()).isEqualTo(5);
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        });
        String newName = driver.of("web").get(1).getMetadata().getName();
        assertThat(events(client, ns)).contains("ScalingReplicaSet: Scaled up replica set " + newName + " from 0 to 2");
    }

    @Test
    void recreateScalesTheOldSetToZeroAndWaitsForItsPodsBeforeCreatingTheNewSet() {
        Deployment d = deployment("web", 3, "nginx:1.0");
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("Recreate").build());
        createRolledOut(d);
        String oldName = driver.of("web").get(0).getMetadata().getName();

        setImage(client, ns, "web", "nginx:2.0");
        await().atMost(DEADLINE).untilAsserted(
                () -> assertThat(driver.of("web")).singleElement().satisfies(rs -> assertThat(spec(rs)).isZero()));
        // The old pods still exist (status.replicas 3): no new set yet.
        await().during(Duration.ofMillis(500)).atMost(DEADLINE)
                .untilAsserted(() -> assertThat(driver.of("web")).hasSize(1));

        driver.report(oldName, 0, 0);
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<ReplicaSet> sets = driver.of("web");
            assertThat(sets).hasSize(2);
            assertThat(sets.get(1).getSpec().getReplicas()).isEqualTo(3);
        });
    }

    @Test
    void scalingInTheMiddleOfARolloutSpreadsTheNewReplicasProportionally() {
        createRolledOut(rolling(deployment("web", 10, "nginx:1.0"), 3, 2));
        setImage(client, ns, "web", "nginx:2.0");
        // New pods never become available: the rollout holds at 8 old + 5 new (10 + 3 surge, 10 - 2 available).
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<ReplicaSet> sets = driver.of("web");
            assertThat(sets).hasSize(2);
            driver.report(sets.get(0).getMetadata().getName(), spec(sets.get(0)), spec(sets.get(0)));
            driver.report(sets.get(1).getMetadata().getName(), spec(sets.get(1)), 0);
            assertThat(driver.of("web").stream().map(ReplicaSetStatusDriver::spec)).containsExactly(8, 5);
        });

        ReplicasPatch.set(client.apps().deployments().inNamespace(ns).withName("web"), 15);

        // 5 more pods (18 allowed - 13), split by size 8:5 of the 13 the sets were sized for: 3 and 2.
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(driver.of("web").stream()
                .map(ReplicaSetStatusDriver::spec)).containsExactly(11, 7));
        assertThat(driver.of("web")).allSatisfy(rs -> assertThat(rs.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/desired-replicas", "15")
                .containsEntry("deployment.kubernetes.io/max-replicas", "18"));
    }

    @Test
    void aPausedDeploymentDoesNotRollOutUntilResumed() {
        createRolledOut(deployment("web", 2, "nginx:1.0"));

        DeploymentFixtures.edit(client, ns, "web", d -> {
            d.getSpec().setPaused(true);
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:2.0");
            return d;
        });
        await().atMost(DEADLINE).untilAsserted(() -> {
            Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("DeploymentPaused");
            assertThat(condition(d, "Progressing").getStatus()).isEqualTo("Unknown");
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        });
        assertThat(driver.of("web")).hasSize(1);

        DeploymentFixtures.edit(client, ns, "web", d -> {
            d.getSpec().setPaused(false);
            return d;
        });
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(driver.of("web")).hasSize(2));
    }

    @Test
    void oldReplicaSetsBeyondTheRevisionHistoryLimitAreDeleted() {
        Deployment d = deployment("web", 1, "nginx:1");
        d.getSpec().setRevisionHistoryLimit(1);
        createRolledOut(d);
        for (String image : List.of("nginx:2", "nginx:3")) {
            setImage(client, ns, "web", image);
            rolledOut(client, driver, ns, "web");
        }

        await().atMost(DEADLINE).untilAsserted(() -> {
            driver.allAvailable("web");
            assertThat(driver.of("web").stream().map(rs -> rs.getMetadata().getAnnotations()
                    .get("deployment.kubernetes.io/revision"))).containsExactlyInAnyOrder("2", "3");
        });
    }

    /** Creates {@code d} and reports its first replica set available, so that it has rolled out revision 1. */
    private void createRolledOut(Deployment d) {
        client.apps().deployments().inNamespace(ns).resource(d).create();
        rolledOut(client, driver, ns, d.getMetadata().getName());
    }

    static String namespace(KubernetesClient client) {
        String name = "deploy-" + NAMESPACES.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    private static ReplicaSet onlySet(KubernetesClient client, String ns, String deployment) {
        List<ReplicaSet> sets = new ReplicaSetStatusDriver(client, ns).of(deployment);
        return sets.size() == 1 ? sets.get(0) : null;
    }

    static List<String> events(KubernetesClient client, String ns) {
        return await().atMost(DEADLINE).until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .map(e -> e.getReason() + ": " + e.getMessage()).toList(), l -> !l.isEmpty());
    }
}
