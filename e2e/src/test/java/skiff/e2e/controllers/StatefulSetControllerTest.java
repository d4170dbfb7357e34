package skiff.e2e.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static skiff.e2e.controllers.StatefulSets.namespace;
import static skiff.e2e.controllers.StatefulSets.podNames;
import static skiff.e2e.controllers.StatefulSets.runAndReady;
import static skiff.e2e.controllers.StatefulSets.web;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import skiff.testing.SkiffExtension;

/**
 * The StatefulSet controller in {@code skiff server}, with no kubelet: the test reports pod statuses through the
 * status subresource, so it decides when each pod is Running and Ready.
 */
class StatefulSetControllerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final SkiffExtension skiff = SkiffExtension.builder().inMemory().withoutKubelet().build();

    @Test
    void orderedReadyCreatesEachPodOnlyOnceItsPredecessorIsReady() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-ordered");
        StatefulSet set = client.apps().statefulSets().resource(web(ns, 3).build()).create();

        await().atMost(DEADLINE).until(() -> replicas(client, ns) == 1);
        assertThat(podNames(client, ns)).containsExactly("web-0");
        Pod first = client.pods().inNamespace(ns).withName("web-0").get();
        assertThat(first.getSpec().getHostname()).isEqualTo("web-0");
        assertThat(first.getSpec().getSubdomain()).isEqualTo("web");
        assertThat(first.getMetadata().getLabels())
                .containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0")
                .containsKey("controller-revision-hash");
        assertThat(first.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
            assertThat(ref.getUid()).isEqualTo(set.getMetadata().getUid());
            assertThat(ref.getController()).isTrue();
        });

        runAndReady(client, ns, "web-0");
        await().atMost(DEADLINE).until(() -> replicas(client, ns) == 2);
        assertThat(podNames(client, ns)).containsExactly("web-0", "web-1");

        runAndReady(client, ns, "web-1");
        await().atMost(DEADLINE).until(() -> replicas(client, ns) == 3);
        runAndReady(client, ns, "web-2");
        await().atMost(DEADLINE).untilAsserted(() -> {
            StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("web").get();
            assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getCurrentRevision()).isEqualTo(s.getStatus().getUpdateRevision())
                    .isEqualTo(first.getMetadata().getLabels().get("controller-revision-hash"));
            assertThat(s.getStatus().getObservedGeneration()).isEqualTo(s.getMetadata().getGeneration());
        });
        assertThat(events(client, ns, "SuccessfulCreate")).contains(
                "create Pod web-0 in StatefulSet web successful",
                "create Pod web-1 in StatefulSet web successful",
                "create Pod web-2 in StatefulSet web successful");
    }

    @Test
    void parallelCreatesAllPodsAtOnce() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-parallel");
        client.apps().statefulSets().resource(web(ns, 3).editSpec().withPodManagementPolicy("Parallel").endSpec()
                .build()).create();

        await().atMost(DEADLINE).until(() -> podNames(client, ns).size() == 3);
        assertThat(podNames(client, ns)).containsExactly("web-0", "web-1", "web-2");
    }

    @Test
    void scalingDownRemovesTheHighestOrdinalsOneAtATime() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-scale-down");
        client.apps().statefulSets().resource(web(ns, 3).build()).create();
        readyUpTo(client, ns, 3);
        List<String> deleted = new CopyOnWriteArrayList<>();
        try (Watch w = client.pods().inNamespace(ns).watch(new DeletionRecorder(deleted))) {
            ReplicasPatch.set(client.apps().statefulSets().inNamespace(ns).withName("web"), 1);

            await().atMost(DEADLINE).until(() -> deleted.size() == 2);
        }
        assertThat(deleted).containsExactly("web-2", "web-1");
        assertThat(podNames(client, ns)).containsExactly("web-0");
        assertThat(events(client, ns, "SuccessfulDelete")).contains(
                "delete Pod web-2 in StatefulSet web successful", "delete Pod web-1 in StatefulSet web successful");
    }

    @Test
    void aFailedPodIsDeletedAndRecreatedUnderItsName() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-failed");
        client.apps().statefulSets().resource(web(ns, 1).build()).create();
        readyUpTo(client, ns, 1);
        String oldUid = client.pods().inNamespace(ns).withName("web-0").get().getMetadata().getUid();

        StatefulSets.fail(client, ns, "web-0");

        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod again = client.pods().inNamespace(ns).withName("web-0").get();
            assertThat(again).isNotNull();
            assertThat(again.getMetadata().getUid()).isNotEqualTo(oldUid);
        });
    }

    @Test
    void aTerminatingPodIsReplacedOnlyOnceItIsGone() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-at-most-one");
        // Bound to a node without a kubelet, the pod's graceful deletion is never confirmed.
        client.apps().statefulSets().resource(web(ns, 2).editSpec().editTemplate().editSpec()
                .withNodeName("absent-node").endSpec().endTemplate().endSpec().build()).create();
        readyUpTo(client, ns, 2);
        String oldUid = client.pods().inNamespace(ns).withName("web-0").get().getMetadata().getUid();

        client.pods().inNamespace(ns).withName("web-0").delete();
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.apps().statefulSets().inNamespace(ns)
                .withName("web").get().getStatus().getCurrentReplicas()).isEqualTo(1));
        Pod terminating = client.pods().inNamespace(ns).withName("web-0").get();
        assertThat(terminating.getMetadata().getUid()).isEqualTo(oldUid);
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();

        client.pods().inNamespace(ns).withName("web-0").withGracePeriod(0).delete();
        await().atMost(DEADLINE).untilAsserted(() -> {
            Pod replacement = client.pods().inNamespace(ns).withName("web-0").get();
            assertThat(replacement).isNotNull();
            assertThat(replacement.getMetadata().getUid()).isNotEqualTo(oldUid);
            assertThat(replacement.getMetadata().getDeletionTimestamp()).isNull();
        });
    }

    @Test
    void aRollingUpdateReplacesPodsFromTheTopDownToThePartition() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-rolling");
        client.apps().statefulSets().resource(web(ns, 3).editSpec().withNewUpdateStrategy()
                .withType("RollingUpdate").withNewRollingUpdate().withPartition(1).endRollingUpdate()
                .endUpdateStrategy().endSpec().build()).create();
        readyUpTo(client, ns, 3);
        String oldRevision = revisionOf(client, ns, "web-0");

        client.apps().statefulSets().inNamespace(ns).withName("web").edit(s -> {
            s.getSpec().getTemplate().getMetadata().getLabels().put("version", "2");
            return s;
        });

        await().atMost(DEADLINE).until(() -> hasNewRevision(client, ns, "web-2", oldRevision));
        String newRevision = revisionOf(client, ns, "web-2");
        assertThat(revisionOf(client, ns, "web-1")).isEqualTo(oldRevision);
        runAndReady(client, ns, "web-2");
        await().atMost(DEADLINE).until(() -> hasNewRevision(client, ns, "web-1", oldRevision));
        runAndReady(client, ns, "web-1");
        await().atMost(DEADLINE).untilAsserted(() -> {
            StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("web").get();
            assertThat(s.getStatus().getUpdatedReplicas()).isEqualTo(2);
            assertThat(s.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(s.getStatus().getUpdateRevision()).isEqualTo(newRevision);
            assertThat(s.getStatus().getCurrentRevision()).isEqualTo(oldRevision);
        });
        assertThat(revisionOf(client, ns, "web-0")).isEqualTo(oldRevision);
        List<ControllerRevision> revisions = client.apps().controllerRevisions().inNamespace(ns).list().getItems();
        assertThat(revisions).extracting(r -> r.getMetadata().getName() + "@" + r.getRevision())
                .containsExactlyInAnyOrder(oldRevision + "@1", newRevision + "@2");

        client.apps().statefulSets().inNamespace(ns).withName("web").edit(s -> {
            s.getSpec().getUpdateStrategy().getRollingUpdate().setPartition(0);
            return s;
        });
        await().atMost(DEADLINE).until(() -> hasNewRevision(client, ns, "web-0", oldRevision));
        runAndReady(client, ns, "web-0");
        await().atMost(DEADLINE).untilAsserted(() -> {
            StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("web").get();
            assertThat(s.getStatus().getCurrentRevision()).isEqualTo(newRevision);
            assertThat(s.getStatus().getCurrentReplicas()).isEqualTo(3);
        });
    }

    @Test
    void onDeleteUpdatesAPodOnlyWhenItIsDeleted() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-on-delete");
        client.apps().statefulSets().resource(web(ns, 2).editSpec().withNewUpdateStrategy().withType("OnDelete")
                .endUpdateStrategy().endSpec().build()).create();
        readyUpTo(client, ns, 2);
        String oldRevision = revisionOf(client, ns, "web-0");

        client.apps().statefulSets().inNamespace(ns).withName("web").edit(s -> {
            s.getSpec().getTemplate().getMetadata().getLabels().put("version", "2");
            return s;
        });
        await().atMost(DEADLINE).until(() -> {
            StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("web").get();
            return s.getStatus().getObservedGeneration() == 2
                    && !s.getStatus().getUpdateRevision().equals(s.getStatus().getCurrentRevision());
        });
        assertThat(revisionOf(client, ns, "web-0")).isEqualTo(oldRevision);
        assertThat(revisionOf(client, ns, "web-1")).isEqualTo(oldRevision);

        client.pods().inNamespace(ns).withName("web-1").delete();
        await().atMost(DEADLINE).until(() -> hasNewRevision(client, ns, "web-1", oldRevision));
        assertThat(revisionOf(client, ns, "web-0")).isEqualTo(oldRevision);
    }

    @Test
    void aMatchingOrphanIsAdoptedAndAPodThatStopsMatchingIsReleased() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-adopt");
        client.pods().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
                .withName("web-0").withLabels(java.util.Map.of("app", "web")).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("busybox:1").endContainer().endSpec().build()).create();
        String orphanUid = client.pods().inNamespace(ns).withName("web-0").get().getMetadata().getUid();

        StatefulSet set = client.apps().statefulSets().resource(web(ns, 1).build()).create();

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.pods().inNamespace(ns).withName("web-0").get()
                .getMetadata().getOwnerReferences()).singleElement()
                .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(set.getMetadata().getUid())));
        assertThat(client.pods().inNamespace(ns).withName("web-0").get().getMetadata().getUid()).isEqualTo(orphanUid);

        client.pods().inNamespace(ns).withName("web-0").edit(p -> {
            p.getMetadata().getLabels().put("app", "other");
            return p;
        });
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(client.pods().inNamespace(ns).withName("web-0").get().getMetadata().getOwnerReferences())
                    .isEmpty();
            assertThat(podNames(client, ns)).containsExactly("web-0");
        });
    }

    @Test
    void oldRevisionsBeyondTheHistoryLimitAreDeleted() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-history");
        client.apps().statefulSets().resource(web(ns, 0).editSpec().withRevisionHistoryLimit(1).endSpec().build())
                .create();
        for (int version = 2; version <= 4; version++) {
            String v = String.valueOf(version);
            await().atMost(DEADLINE).until(() -> observed(client, ns));
            client.apps().statefulSets().inNamespace(ns).withName("web").edit(s -> {
                s.getSpec().getTemplate().getMetadata().getLabels().put("version", v);
                return s;
            });
        }

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.apps().controllerRevisions().inNamespace(ns)
                .list().getItems()).extracting(ControllerRevision::getRevision).containsExactlyInAnyOrder(3L, 4L));
    }

    @Test
    void claimsAreMadePerOrdinalAndAScaledDownPodsClaimGoesWithItUnderWhenScaledDelete() {
        KubernetesClient client = skiff.client();
        String ns = namespace(client, "sts-claims");
        client.apps().statefulSets().resource(web(ns, 2).editSpec()
                .withNewPersistentVolumeClaimRetentionPolicy().withWhenScaled("Delete").withWhenDeleted("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().withNewSpec()
                .withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources()
                .endSpec().endVolumeClaimTemplate().endSpec().build()).create();
        readyUpTo(client, ns, 2);

        assertThat(client.persistentVolumeClaims().inNamespace(ns).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("data-web-0", "data-web-1");
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ns)
                .withName("data-web-0").get();
        assertThat(claim.getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(claim.getMetadata().getOwnerReferences()).isEmpty();
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("local-path");
        assertThat(client.pods().inNamespace(ns).withName("web-0").get().getSpec().getVolumes())
                .anySatisfy(v -> {
                    assertThat(v.getName()).isEqualTo("data");
                    assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("data-web-0");
                });
        assertThat(events(client, ns, "SuccessfulCreate"))
                .contains("create Claim data-web-0 Pod web-0 in StatefulSet web success");

        client.apps().statefulSets().inNamespace(ns).withName("web").scale(1);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(client.persistentVolumeClaims().inNamespace(ns)
                .list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("data-web-0"));

        client.apps().statefulSets().inNamespace(ns).withName("web").delete();
        await().atMost(DEADLINE).until(() -> client.pods().inNamespace(ns).list().getItems().isEmpty());
        assertThat(client.persistentVolumeClaims().inNamespace(ns).withName("data-web-0").get()).isNotNull()
                .satisfies(c -> assertThat(c.getMetadata().getDeletionTimestamp()).isNull());
    }

    private static void readyUpTo(KubernetesClient client, String ns, int count) {
        for (int i = 0; i < count; i++) {
            String name = "web-" + i;
            await().atMost(DEADLINE).until(() -> client.pods().inNamespace(ns).withName(name).get() != null);
            runAndReady(client, ns, name);
        }
        await().atMost(DEADLINE).until(() -> client.apps().statefulSets().inNamespace(ns).withName("web").get()
                .getStatus().getReadyReplicas() == count);
    }

    private static boolean observed(KubernetesClient client, String ns) {
        StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("web").get();
        return s.getStatus() != null && s.getMetadata().getGeneration().equals(s.getStatus().getObservedGeneration());
    }

    private static int replicas(KubernetesClient client, String ns) {
        StatefulSet s = client.apps().statefulSets().inNamespace(ns).withName("web").get();
        return s.getStatus() == null || s.getStatus().getReplicas() == null ? 0 : s.getStatus().getReplicas();
    }

    private static String revisionOf(KubernetesClient client, String ns, String pod) {
        return client.pods().inNamespace(ns).withName(pod).get().getMetadata().getLabels()
                .get("controller-revision-hash");
    }

    private static boolean hasNewRevision(KubernetesClient client, String ns, String pod, String oldRevision) {
        Pod p = client.pods().inNamespace(ns).withName(pod).get();
        return p != null && !oldRevision.equals(p.getMetadata().getLabels().get("controller-revision-hash"));
    }

    private static List<String> events(KubernetesClient client, String ns, String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).map(Event::getMessage).toList();
    }

    private record DeletionRecorder(List<String> deleted) implements Watcher<Pod> {
        @Override
        public void eventReceived(Action action, Pod pod) {
            if (action == Action.DELETED) {
                deleted.add(pod.getMetadata().getName());
            }
        }

        @Override
        public void onClose(WatcherException cause) {}
    }
}
