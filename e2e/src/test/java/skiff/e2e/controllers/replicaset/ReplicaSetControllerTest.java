package skiff.e2e.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.controllers.replicaset.ReplicaSets.DEADLINE;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The ReplicaSet controller in {@code skiff server}, through the API: replica counts, ownership, status and events.
 * No kubelet runs, so pods stay as created and the tests report pod status themselves.
 */
class ReplicaSetControllerTest {
    private static final Map<String, String> WEB = Map.of("app", "web");

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    private final KubernetesClient client = skiff.client();
    private final ReplicaSets sets = new ReplicaSets(client);

    @Test
    void createsTheReplicasNamedAfterTheSetAndControlledByIt() {
        String ns = sets.namespace("rs-create");
        ReplicaSet rs = sets.createReplicaSet(ns, "web", 3, WEB);

        List<Pod> pods = sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), 3);

        for (Pod pod : pods) {
            assertThat(pod.getMetadata().getGenerateName()).isEqualTo("web-");
            assertThat(pod.getMetadata().getName()).startsWith("web-");
            assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(WEB);
            OwnerReference ref = pod.getMetadata().getOwnerReferences().get(0);
            assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
            assertThat(ref.getKind()).isEqualTo("ReplicaSet");
            assertThat(ref.getName()).isEqualTo("web");
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        }
        await().atMost(DEADLINE).untilAsserted(() -> {
            ReplicaSet current = sets.get(ns, "web");
            assertThat(current.getStatus().getReplicas()).isEqualTo(3);
            assertThat(current.getStatus().getFullyLabeledReplicas()).isEqualTo(3);
            assertThat(current.getStatus().getReadyReplicas()).isZero();
            assertThat(current.getStatus().getObservedGeneration()).isEqualTo(current.getMetadata().getGeneration());
            assertThat(sets.eventsAbout(ns, "web", "SuccessfulCreate")).extracting(Event::getMessage)
                    .containsExactlyInAnyOrderElementsOf(pods.stream()
                            .map(p -> "Created pod: " + p.getMetadata().getName()).toList());
        });
    }

    @Test
    void aTerminatingPodIsReplacedAtOnceAndNoLongerCounts() {
        String ns = sets.namespace("rs-terminating");
        // Scheduled to a node, so its deletion is graceful and it stays terminating (no kubelet finishes it).
        sets.createBarePod(ns, "old", WEB, "node-a", Map.of());
        sets.awaitControllerCaughtUp(ns);
        ReplicaSet rs = sets.createReplicaSet(ns, "web", 1, WEB);
        await().atMost(DEADLINE).until(() -> rs.getMetadata().getUid().equals(
                ReplicaSets.controllerUid(client.pods().inNamespace(ns).withName("old").get())));

        client.pods().inNamespace(ns).withName("old").delete();

        List<Pod> replacement = sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), 1);
        assertThat(replacement.get(0).getMetadata().getName()).startsWith("web-");
        Pod old = client.pods().inNamespace(ns).withName("old").get();
        assertThat(old.getMetadata().getDeletionTimestamp()).isNotNull();
    }

    @Test
    void orphansCreatedBeforeTheSetAreAdoptedAndCounted() {
        String ns = sets.namespace("rs-adopt-before");
        sets.createBarePod(ns, "early-1", WEB);
        sets.createBarePod(ns, "early-2", WEB);
        sets.awaitControllerCaughtUp(ns);

        ReplicaSet rs = sets.createReplicaSet(ns, "web", 3, WEB);

        List<Pod> owned = sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), 3);
        assertThat(owned).extracting(p -> p.getMetadata().getName()).contains("early-1", "early-2");
        assertThat(sets.eventsAbout(ns, "web", "SuccessfulCreate")).hasSize(1);
    }

    @Test
    void anOrphanCreatedAfterTheSetIsAdoptedAndOnePodIsDeletedAsSurplus() {
        String ns = sets.namespace("rs-adopt-after");
        ReplicaSet rs = sets.createReplicaSet(ns, "web", 2, WEB);
        sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), 2);

        sets.createBarePod(ns, "late", WEB);

        // The newest pod usually goes, but pods whose ages fall in one log2 bucket are ordered by uid, as in
        // Kubernetes: which one is deleted is for the event to say.
        await().atMost(DEADLINE).untilAsserted(() -> {
            List<Event> deletes = sets.eventsAbout(ns, "web", "SuccessfulDelete");
            assertThat(deletes).hasSize(1);
            String message = deletes.get(0).getMessage();
            assertThat(message).matches("Deleted pod: \\S+ \\(scale-down: .+\\)");
            String victim = message.substring("Deleted pod: ".length(), message.indexOf(" ("));
            assertThat(client.pods().inNamespace(ns).withName(victim).get()).isNull();
            Pod late = client.pods().inNamespace(ns).withName("late").get();
            assertThat(late == null || rs.getMetadata().getUid().equals(ReplicaSets.controllerUid(late))).isTrue();
        });
        assertThat(sets.activePodsOwnedBy(ns, rs.getMetadata().getUid())).hasSize(2);
    }

    @Test
    void relabellingAPodIsolatesItAndTheSetReplacesIt() {
        String ns = sets.namespace("rs-isolate");
        ReplicaSet rs = sets.createReplicaSet(ns, "web", 2, WEB);
        String isolated = sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), 2).get(0).getMetadata().getName();

        client.pods().inNamespace(ns).withName(isolated).edit(p -> {
            p.getMetadata().getLabels().remove("app");
            return p;
        });

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace(ns).withName(isolated).get();
            assertThat(pod.getMetadata().getOwnerReferences()).isNullOrEmpty();
        });
        List<Pod> owned = sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), 2);
        assertThat(owned).extracting(p -> p.getMetadata().getName()).doesNotContain(isolated);
        assertThat(client.pods().inNamespace(ns).withName(isolated).get().getMetadata().getDeletionTimestamp())
                .isNull();
        await().atMost(DEADLINE).until(() -> sets.eventsAbout(ns, "web", "SuccessfulCreate").size() == 3);
    }

    @Test
    void overlappingSetsEachKeepOnlyThePodsTheyOwnWhicheverComesFirst() {
        for (boolean broadFirst : List.of(true, false)) {
            String ns = sets.namespace(broadFirst ? "rs-overlap-broad-first" : "rs-overlap-narrow-first");
            sets.createBarePod(ns, "orphan", Map.of("app", "web", "tier", "front"));
            sets.awaitControllerCaughtUp(ns);
            // "broad" selects app=web; "narrow" selects app=web,tier=front: both select the orphan and each
            // other's pods.
            ReplicaSet first = broadFirst ? broad(ns) : narrow(ns);
            await().atMost(DEADLINE).until(() -> sets.activePodsOwnedBy(ns, first.getMetadata().getUid()).size() == 2);
            ReplicaSet second = broadFirst ? narrow(ns) : broad(ns);

            List<Pod> ofSecond = sets.awaitOwnedPods(ns, second.getMetadata().getUid(), 2);
            List<Pod> ofFirst = sets.awaitOwnedPods(ns, first.getMetadata().getUid(), 2);
            assertThat(ofFirst).extracting(p -> p.getMetadata().getName()).contains("orphan");
            assertThat(ofSecond).extracting(p -> p.getMetadata().getName()).doesNotContain("orphan");
            await().atMost(DEADLINE).untilAsserted(() -> {
                assertThat(sets.get(ns, "broad").getStatus().getReplicas()).isEqualTo(2);
                assertThat(sets.get(ns, "narrow").getStatus().getReplicas()).isEqualTo(2);
            });
            // Settled: nobody deletes anybody's pods.
            assertThat(sets.eventsAbout(ns, "broad", "SuccessfulDelete")).isEmpty();
            assertThat(sets.eventsAbout(ns, "narrow", "SuccessfulDelete")).isEmpty();
            assertThat(client.pods().inNamespace(ns).list().getItems()).hasSize(4);
        }
    }

    private ReplicaSet broad(String ns) {
        return client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("broad").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(WEB).endSelector()
                .withTemplate(ReplicaSets.template(Map.of("app", "web", "tier", "back"))).endSpec()
                .build()).create();
    }

    private ReplicaSet narrow(String ns) {
        Map<String, String> front = Map.of("app", "web", "tier", "front");
        return client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("narrow").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(front).endSelector()
                .withTemplate(ReplicaSets.template(front)).endSpec()
                .build()).create();
    }

    @Test
    void aRefusedPodCreationShowsAsReplicaFailureUntilCreationSucceeds() {
        String ns = sets.namespace("rs-failure");
        // A template finalizer is not checked on the set, but the pod made from it is invalid.
        ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(WEB).endSelector()
                .withTemplate(ReplicaSets.template(WEB)).editTemplate().editMetadata()
                        .withFinalizers("not a finalizer!").endMetadata().endTemplate()
                .endSpec().build()).create();

        await().atMost(DEADLINE).untilAsserted(() -> {
            ReplicaSetCondition failure = replicaFailure(sets.get(ns, "web"));
            assertThat(failure).isNotNull();
            assertThat(failure.getStatus()).isEqualTo("True");
            assertThat(failure.getReason()).isEqualTo("FailedCreate");
            assertThat(failure.getMessage()).contains("finalizers");
            assertThat(sets.eventsAbout(ns, "web", "FailedCreate")).extracting(Event::getMessage)
                    .anySatisfy(m -> assertThat(m).startsWith("Error creating: ").contains("finalizers"));
        });
        // Slow start: the first batch of one failed, so the second was never tried.
        assertThat(sets.eventsAbout(ns, "web", "FailedCreate").get(0).getCount()).isPositive();

        client.apps().replicaSets().inNamespace(ns).withName("web").edit(r -> {
            r.getSpec().getTemplate().getMetadata().setFinalizers(null);
            return r;
        });

        sets.awaitOwnedPods(ns, rs.getMetadata().getUid(), 2);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(replicaFailure(sets.get(ns, "web"))).isNull());
    }

    private static ReplicaSetCondition replicaFailure(ReplicaSet rs) {
        if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
            return null;
        }
        return rs.getStatus().getConditions().stream().filter(c -> "ReplicaFailure".equals(c.getType()))
                .findFirst().orElse(null);
    }

    @Test
    void availabilityIsNoticedOnceMinReadySecondsHavePassedWithoutAnotherEvent() {
        String ns = sets.namespace("rs-min-ready");
        sets.createBarePod(ns, "web-0", WEB, "node-a", Map.of());
        sets.reportRunning(ns, "web-0", true, java.time.Instant.now(), 0);
        sets.awaitControllerCaughtUp(ns);
        client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(1).withMinReadySeconds(15)
                    .withNewSelector().withMatchLabels(WEB).endSelector()
                    .withTemplate(ReplicaSets.template(WEB)).endSpec()
                .build()).create();

        await().atMost(DEADLINE).untilAsserted(() -> {
            ReplicaSet current = sets.get(ns, "web");
            assertThat(current.getStatus()).isNotNull();
            assertThat(current.getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(current.getStatus().getAvailableReplicas()).isZero();
        });
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(sets.get(ns, "web").getStatus().getAvailableReplicas()).isEqualTo(1));
    }
}
