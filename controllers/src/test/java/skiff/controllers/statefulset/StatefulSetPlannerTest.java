package skiff.controllers.statefulset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;

/** One pass of the StatefulSet control loop, decided from a set and its pods without an API server. */
class StatefulSetPlannerTest {
    private static final PodTemplateSpec V1 = template("v1");
    private static final PodTemplateSpec V2 = template("v2");
    private static final Revision REV1 = new Revision("web-rev1", V1);
    private static final Revision REV2 = new Revision("web-rev2", V2);

    private final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Pod> pods = new ArrayList<>();

    @Test
    void orderedReadyCreatesOnlyTheFirstMissingOrdinal() {
        StatefulSetPlan plan = plan(set(3).build(), REV1, REV1);

        assertThat(plan.actions()).singleElement().isInstanceOf(PodAction.Create.class);
        Pod created = plan.actions().getFirst().pod();
        assertThat(created.getMetadata().getName()).isEqualTo("web-0");
        assertThat(created.getMetadata().getLabels()).containsEntry("controller-revision-hash", "web-rev1")
                .containsEntry("statefulset.kubernetes.io/pod-name", "web-0")
                .containsEntry("apps.kubernetes.io/pod-index", "0")
                .containsEntry("app", "web");
        assertThat(created.getSpec().getHostname()).isEqualTo("web-0");
        assertThat(created.getSpec().getSubdomain()).isEqualTo("web-svc");
        assertThat(created.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo("set-uid"));
    }

    @Test
    void orderedReadyWaitsForThePredecessorToBeRunningAndReady() {
        pods.add(pod(0, REV1).pending().build());

        assertThat(plan(set(3).build(), REV1, REV1).actions()).isEmpty();

        pods.set(0, pod(0, REV1).ready(clock.now()).build());
        assertThat(names(plan(set(3).build(), REV1, REV1))).containsExactly("create web-1");
    }

    @Test
    void orderedReadyWaitsForATerminatingPodToBeGone() {
        pods.add(pod(0, REV1).ready(clock.now()).terminating().build());

        assertThat(plan(set(2).build(), REV1, REV1).actions()).isEmpty();
    }

    @Test
    void orderedReadyWaitsForMinReadySeconds() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        StatefulSet set = set(2).editSpec().withMinReadySeconds(10).endSpec().build();

        clock.advance(Duration.ofSeconds(5));
        assertThat(plan(set, REV1, REV1).actions()).isEmpty();

        clock.advance(Duration.ofSeconds(6));
        assertThat(names(plan(set, REV1, REV1))).containsExactly("create web-1");
    }

    @Test
    void parallelCreatesEveryMissingOrdinalAtOnce() {
        pods.add(pod(1, REV1).pending().build());
        StatefulSet set = set(4).editSpec().withPodManagementPolicy("Parallel").endSpec().build();

        assertThat(names(plan(set, REV1, REV1))).containsExactly("create web-0", "create web-2", "create web-3");
    }

    @Test
    void aFailedPodIsDeletedAndNothingElseHappensInThatPass() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        pods.add(pod(1, REV1).phase("Failed").build());

        assertThat(names(plan(set(3).build(), REV1, REV1))).containsExactly("delete web-1");
    }

    @Test
    void aFailedPodBeingDeletedIsNotReplacedUntilItIsGone() {
        pods.add(pod(0, REV1).phase("Failed").terminating().build());

        assertThat(plan(set(1).build(), REV1, REV1).actions()).isEmpty();
    }

    @Test
    void scalingDownDeletesTheHighestOrdinalFirstAndOneAtATime() {
        for (int i = 0; i < 4; i++) {
            pods.add(pod(i, REV1).ready(clock.now()).build());
        }

        assertThat(names(plan(set(1).build(), REV1, REV1))).containsExactly("delete web-3");
    }

    @Test
    void scalingDownWaitsWhileALowerCondemnedPodIsUnhealthy() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        pods.add(pod(1, REV1).pending().build());
        pods.add(pod(2, REV1).pending().build());

        assertThat(plan(set(1).build(), REV1, REV1).actions()).isEmpty();
    }

    @Test
    void theFirstUnhealthyPodMayItselfBeDeletedOnScaleDown() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        pods.add(pod(1, REV1).ready(clock.now()).build());
        pods.add(pod(2, REV1).pending().build());

        assertThat(names(plan(set(1).build(), REV1, REV1))).containsExactly("delete web-2");
    }

    @Test
    void scalingDownWaitsForTheDeletedPodToBeGone() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        pods.add(pod(1, REV1).ready(clock.now()).build());
        pods.add(pod(2, REV1).ready(clock.now()).terminating().build());

        assertThat(plan(set(1).build(), REV1, REV1).actions()).isEmpty();
    }

    @Test
    void aRollingUpdateReplacesTheHighestOutdatedPodFirst() {
        for (int i = 0; i < 3; i++) {
            pods.add(pod(i, REV1).ready(clock.now()).build());
        }

        StatefulSetPlan plan = plan(set(3).build(), REV1, REV2);

        assertThat(names(plan)).containsExactly("delete web-2");
        assertThat(plan.status().getCurrentReplicas()).isEqualTo(2);
        assertThat(plan.status().getUpdatedReplicas()).isZero();
    }

    @Test
    void aRollingUpdateWaitsForTheReplacementToBecomeAvailable() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        pods.add(pod(1, REV1).ready(clock.now()).build());
        pods.add(pod(2, REV2).pending().build());

        assertThat(plan(set(3).editSpec().withPodManagementPolicy("Parallel").endSpec().build(), REV1, REV2)
                .actions()).isEmpty();
    }

    @Test
    void aRollingUpdateStopsAtThePartition() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        pods.add(pod(1, REV1).ready(clock.now()).build());
        pods.add(pod(2, REV2).ready(clock.now()).build());
        StatefulSet set = set(3).editSpec().editUpdateStrategy().withNewRollingUpdate().withPartition(2)
                .endRollingUpdate().endUpdateStrategy().endSpec().build();

        StatefulSetPlan plan = plan(set, REV1, REV2);

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.status().getCurrentRevision()).isEqualTo("web-rev1");
        assertThat(plan.status().getUpdatedReplicas()).isEqualTo(1);
    }

    @Test
    void aMissingPodBelowThePartitionIsCreatedAtTheCurrentRevision() {
        pods.add(pod(1, REV1).ready(clock.now()).build());
        StatefulSet set = set(2).editSpec().editUpdateStrategy().withNewRollingUpdate().withPartition(1)
                .endRollingUpdate().endUpdateStrategy().endSpec().build();

        Pod created = plan(set, REV1, REV2).actions().getFirst().pod();

        assertThat(created.getMetadata().getLabels()).containsEntry("controller-revision-hash", "web-rev1")
                .containsEntry("version", "v1");
    }

    @Test
    void maxUnavailableReplacesSeveralPodsAtOnce() {
        for (int i = 0; i < 4; i++) {
            pods.add(pod(i, REV1).ready(clock.now()).build());
        }
        StatefulSet set = set(4).editSpec().editUpdateStrategy().withNewRollingUpdate().withPartition(0)
                .withMaxUnavailable(new IntOrString("50%")).endRollingUpdate().endUpdateStrategy().endSpec().build();

        assertThat(names(plan(set, REV1, REV2))).containsExactly("delete web-3", "delete web-2");
    }

    @Test
    void onDeleteLeavesOutdatedPodsAlone() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        StatefulSet set = set(1).editSpec().withNewUpdateStrategy().withType("OnDelete").endUpdateStrategy()
                .endSpec().build();

        StatefulSetPlan plan = plan(set, REV1, REV2);

        assertThat(plan.actions()).isEmpty();
        assertThat(plan.status().getCurrentRevision()).isEqualTo("web-rev1");
        assertThat(plan.status().getUpdateRevision()).isEqualTo("web-rev2");
    }

    @Test
    void theStatusCountsPodsByReadinessAvailabilityAndRevision() {
        pods.add(pod(0, REV1).ready(clock.now()).build());
        pods.add(pod(1, REV2).ready(clock.now().plusSeconds(5)).build());
        pods.add(pod(2, REV2).pending().build());
        clock.advance(Duration.ofSeconds(8));
        StatefulSet set = set(3).editSpec().withMinReadySeconds(5).endSpec().build();

        StatefulSetPlan plan = plan(set, REV1, REV2);

        assertThat(plan.status().getReplicas()).isEqualTo(3);
        assertThat(plan.status().getReadyReplicas()).isEqualTo(2);
        assertThat(plan.status().getAvailableReplicas()).isEqualTo(1);
        assertThat(plan.status().getCurrentReplicas()).isEqualTo(1);
        assertThat(plan.status().getUpdatedReplicas()).isEqualTo(2);
        assertThat(plan.status().getObservedGeneration()).isEqualTo(3L);
        assertThat(plan.status().getCollisionCount()).isZero();
    }

    @Test
    void aCompletedRollingUpdateMakesTheUpdateRevisionCurrent() {
        for (int i = 0; i < 2; i++) {
            pods.add(pod(i, REV2).ready(clock.now()).build());
        }

        StatefulSetPlan plan = plan(set(2).build(), REV1, REV2);

        assertThat(plan.status().getCurrentRevision()).isEqualTo("web-rev2");
        assertThat(plan.status().getCurrentReplicas()).isEqualTo(2);
    }

    @Test
    void aPodWhoseIdentityDriftedIsRestored() {
        pods.add(new PodBuilder(pod(0, REV1).ready(clock.now()).build()).editSpec().withHostname("other")
                .endSpec().build());

        StatefulSetPlan plan = plan(set(1).build(), REV1, REV1);

        assertThat(plan.actions()).singleElement().isInstanceOf(PodAction.RestoreIdentity.class);
        assertThat(plan.actions().getFirst().pod().getSpec().getHostname()).isEqualTo("web-0");
    }

    private StatefulSetPlan plan(StatefulSet set, Revision current, Revision update) {
        return StatefulSetPlanner.plan(set, current, update, 0, pods, clock.now());
    }

    private static List<String> names(StatefulSetPlan plan) {
        return plan.actions().stream().map(a -> switch (a) {
            case PodAction.Create c -> "create " + c.pod().getMetadata().getName();
            case PodAction.Delete d -> "delete " + d.pod().getMetadata().getName();
            case PodAction.RestoreIdentity r -> "restore " + r.pod().getMetadata().getName();
        }).toList();
    }

    private static StatefulSetBuilder set(int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("web").withNamespace("ns").withUid("set-uid").withGeneration(3L)
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName("web-svc").withPodManagementPolicy("OrderedReady")
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withTemplate(V2)
                    .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(0)
                    .endRollingUpdate().endUpdateStrategy()
                .endSpec();
    }

    private static PodTemplateSpec template(String version) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", "web", "version", version))
                .endMetadata().withNewSpec().addNewContainer().withName("app").withImage("app:" + version)
                .endContainer().endSpec().build();
    }

    private TestPod pod(int ordinal, Revision revision) {
        StatefulSet set = set(1).build();
        return new TestPod(StatefulPods.newPod(set, revision.template(), ordinal, revision.name()));
    }

    /** A pod of the set, as the API would show it. */
    private record TestPod(Pod pod) {
        TestPod pending() {
            return phase("Pending");
        }

        TestPod phase(String phase) {
            return new TestPod(new PodBuilder(pod).withNewStatus().withPhase(phase).endStatus().build());
        }

        TestPod ready(Instant since) {
            return new TestPod(new PodBuilder(pod).withNewStatus().withPhase("Running").addNewCondition()
                    .withType("Ready").withStatus("True").withLastTransitionTime(since.toString()).endCondition()
                    .endStatus().build());
        }

        TestPod terminating() {
            return new TestPod(new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z")
                    .endMetadata().build());
        }

        Pod build() {
            return pod;
        }
    }
}
