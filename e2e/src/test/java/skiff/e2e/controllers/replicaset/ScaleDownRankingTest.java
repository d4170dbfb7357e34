package skiff.e2e.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.controllers.replicaset.ReplicaSets.DEADLINE;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * Which pod a scale-down deletes, through the real API: pods are made by hand with the status a kubelet would report,
 * adopted by a set, and the set is scaled down by one. The SuccessfulDelete event names the victim and the reason.
 */
class ScaleDownRankingTest {
    private static final Map<String, String> WEB = Map.of("app", "web");
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(1));

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private final KubernetesClient client = skiff.client();
    private final ReplicaSets sets = new ReplicaSets(client);

    @Test
    void aNotReadyPodGoesBeforeReadyOnes() {
        String ns = sets.namespace("rank-not-ready");
        runningPod(ns, "ready-1", "node-a", true, 0, Map.of());
        runningPod(ns, "ready-2", "node-a", true, 0, Map.of());
        runningPod(ns, "slow", "node-a", false, 0, Map.of());

        String victim = scaleDownByOne(ns, 3);

        assertThat(victim).isEqualTo("slow");
        assertThat(deleteMessages(ns))
                .containsExactly("Deleted pod: slow (scale-down: not ready while 2 others are ready)");
    }

    @Test
    void anUnscheduledPodGoesBeforeScheduledOnes() {
        String ns = sets.namespace("rank-unscheduled");
        runningPod(ns, "placed-1", "node-a", true, 0, Map.of());
        runningPod(ns, "placed-2", "node-a", true, 0, Map.of());
        sets.createBarePod(ns, "pending", WEB);

        String victim = scaleDownByOne(ns, 3);

        assertThat(victim).isEqualTo("pending");
        assertThat(deleteMessages(ns)).containsExactly(
                "Deleted pod: pending (scale-down: not scheduled to a node while 2 others are scheduled)");
    }

    @Test
    void theLowestPodDeletionCostGoesFirst() {
        String ns = sets.namespace("rank-cost");
        runningPod(ns, "cheap", "node-a", true, 0, Map.of(COST, "-5"));
        runningPod(ns, "default", "node-a", true, 0, Map.of());
        runningPod(ns, "precious", "node-a", true, 0, Map.of(COST, "100"));

        String victim = scaleDownByOne(ns, 3);

        assertThat(victim).isEqualTo("cheap");
        assertThat(deleteMessages(ns)).containsExactly(
                "Deleted pod: cheap (scale-down: pod-deletion-cost -5 is lower than default's 0)");
    }

    @Test
    void thePodThatRestartedMostGoesFirst() {
        String ns = sets.namespace("rank-restarts");
        runningPod(ns, "steady", "node-a", true, 0, Map.of());
        runningPod(ns, "flaky", "node-a", true, 7, Map.of());
        runningPod(ns, "once", "node-a", true, 1, Map.of());

        String victim = scaleDownByOne(ns, 3);

        assertThat(victim).isEqualTo("flaky");
        assertThat(deleteMessages(ns)).containsExactly(
                "Deleted pod: flaky (scale-down: restarted 7 times, once 1 times)");
    }

    private static final String COST = "controller.kubernetes.io/pod-deletion-cost";

    /** A pod on {@code node}, Running, ready since an hour ago or not ready, with one container's restarts. */
    private void runningPod(String ns, String name, String node, boolean ready, int restarts,
            Map<String, String> annotations) {
        sets.createBarePod(ns, name, WEB, node, annotations);
        sets.reportRunning(ns, name, ready, LONG_AGO, restarts);
    }

    /** Lets a set of {@code replicas} adopt the namespace's pods, scales it down by one and returns the victim. */
    private String scaleDownByOne(String ns, int replicas) {
        sets.awaitControllerCaughtUp(ns);
        ReplicaSet rs = sets.createReplicaSet(ns, "web", replicas, WEB);
        List<Pod> before = sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), replicas);
        assertThat(sets.eventsAbout(ns, "web", "SuccessfulCreate")).isEmpty();

        sets.scale(ns, "web", replicas - 1);

        List<Pod> after = sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), replicas - 1);
        await().atMost(DEADLINE).until(() -> deleteMessages(ns).size() == 1);
        List<String> kept = after.stream().map(p -> p.getMetadata().getName()).toList();
        return before.stream().map(p -> p.getMetadata().getName()).filter(n -> !kept.contains(n)).findFirst()
                .orElseThrow();
    }

    private List<String> deleteMessages(String ns) {
        return sets.eventsAbout(ns, "web", "SuccessfulDelete").stream().map(Event::getMessage).toList();
    }
}
