package skiff.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.client.events.EventRecorder;
import skiff.controllers.framework.ControllerExpectations;
import skiff.controllers.framework.ControllerRefManager;
import skiff.controllers.framework.FakePodControl;
import skiff.controllers.framework.SyncResult;

/** One sync at a time against hand-filled caches: expectations, burst limit, failure condition. */
class ReplicaSetSyncTest {
    private static final String KEY = "ns/web";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final FakePodControl podControl = new FakePodControl();
    private final ControllerExpectations expectations = new ControllerExpectations(clock);
    private final RecordingEventSink sink = new RecordingEventSink();
    private final EventRecorder events = new EventRecorder(sink, clock, "replicaset-controller", "",
            Executors.newSingleThreadExecutor());
    private final List<Pod> cachedPods = new ArrayList<>();
    private final List<ReplicaSetStatus> written = new ArrayList<>();
    private ReplicaSet rs = replicaSet(3);

    private final ReplicaSetCaches caches = new ReplicaSetCaches() {
        @Override
        public ReplicaSet replicaSet(String key) {
            return KEY.equals(key) ? rs : null;
        }

        @Override
        public List<ReplicaSet> replicaSetsIn(String namespace) {
            return List.of(rs);
        }

        @Override
        public List<Pod> podsIn(String namespace) {
            return List.copyOf(cachedPods);
        }
    };

    private final ReplicaSetApi api = new ReplicaSetApi() {
        @Override
        public ReplicaSet fetch(String namespace, String name) {
            return rs;
        }

        @Override
        public void writeStatus(ReplicaSet set, ReplicaSetStatus status) {
            written.add(status);
        }
    };

    private final ReplicaSetSync sync = new ReplicaSetSync(caches, api, podControl, expectations,
            new ReplicaSetScaler(caches, podControl, expectations, events, clock, ReplicaSetController.BURST_REPLICAS),
            clock);

    @AfterEach
    void closeRecorder() {
        events.close();
    }

    @Test
    void aSlowCacheNeverCausesASecondRoundOfCreations() {
        assertThat(sync.sync(KEY)).isEqualTo(SyncResult.done());
        assertThat(podControl.created).hasSize(3);

        // The informer has not shown the new pods yet: the set waits instead of creating them again.
        sync.sync(KEY);
        assertThat(podControl.created).hasSize(3);

        // Two creations observed, one still missing: still waiting.
        cachedPods.add(podControl.created.get(0));
        cachedPods.add(podControl.created.get(1));
        expectations.creationObserved(KEY);
        expectations.creationObserved(KEY);
        sync.sync(KEY);
        assertThat(podControl.created).hasSize(3);

        // A lost watch event cannot wedge the set: after five minutes the expectations expire.
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        sync.sync(KEY);
        assertThat(podControl.created).hasSize(4);
    }

    @Test
    void aSlowCacheNeverCausesASecondRoundOfDeletions() {
        rs = replicaSet(1);
        for (int i = 0; i < 3; i++) {
            cachedPods.add(ownedPod("web-" + i));
        }

        sync.sync(KEY);
        assertThat(podControl.deleted).hasSize(2);
        sync.sync(KEY);
        assertThat(podControl.deleted).hasSize(2);

        // Marked for deletion pods are no longer active; their deletion was observed.
        for (String key : List.copyOf(podControl.deleted)) {
            cachedPods.removeIf(p -> ("ns/" + p.getMetadata().getName()).equals(key));
            expectations.deletionObserved(KEY, key);
        }
        sync.sync(KEY);
        assertThat(podControl.deleted).hasSize(2);
        assertThat(written.getLast().getReplicas()).isEqualTo(1);
    }

    @Test
    void oneSyncCreatesAtMostTheBurstLimit() {
        rs = replicaSet(600);

        sync.sync(KEY);

        assertThat(podControl.created).hasSize(500);
    }

    @Test
    void refusedCreationsStopAfterTheFirstBatchAndSetReplicaFailureUntilCreationWorks() {
        podControl.refuseCreations("pods \"web-\" is invalid: metadata.finalizers[0]: Invalid value");

        SyncResult result = sync.sync(KEY);

        assertThat(result).isInstanceOf(SyncResult.Retry.class);
        assertThat(written.getLast().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("ReplicaFailure");
            assertThat(c.getReason()).isEqualTo("FailedCreate");
            assertThat(c.getMessage()).contains("metadata.finalizers[0]");
        });
        // The failed and skipped creations will never be observed, so the next sync may try again at once.
        assertThat(expectations.satisfied(KEY)).isTrue();
        events.close();
        assertThat(sink.events).containsExactly(
                "FailedCreate: Error creating: pods \"web-\" is invalid: metadata.finalizers[0]: Invalid value");

        rs = new ReplicaSetBuilder(rs).withStatus(written.getLast()).build();
        podControl.refuseCreations(null);
        assertThat(sync.sync(KEY)).isEqualTo(SyncResult.done());
        assertThat(podControl.created).hasSize(3);
        assertThat(written.getLast().getConditions()).isNullOrEmpty();
    }

    @Test
    void aSetBeingDeletedNeitherCreatesNorAdopts() {
        rs = new ReplicaSetBuilder(rs).editMetadata().withDeletionTimestamp(clock.now().toString()).endMetadata()
                .build();
        cachedPods.add(new PodBuilder().withNewMetadata().withName("orphan").withNamespace("ns")
                .withLabels(Map.of("app", "web")).endMetadata().build());

        sync.sync(KEY);

        assertThat(podControl.created).isEmpty();
        assertThat(podControl.patched).isEmpty();
    }

    @Test
    void allReadyButNotYetAvailableRequeuesAfterMinReadySeconds() {
        rs = new ReplicaSetBuilder(replicaSet(1)).editSpec().withMinReadySeconds(10).endSpec().build();
        cachedPods.add(new PodBuilder(ownedPod("web-0")).withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True")
                .withLastTransitionTime(clock.now().minusSeconds(3).toString()).endCondition().endStatus().build());

        assertThat(sync.sync(KEY)).isEqualTo(SyncResult.requeueAfter(Duration.ofSeconds(10)));
        assertThat(written.getLast().getReadyReplicas()).isEqualTo(1);
        assertThat(written.getLast().getAvailableReplicas()).isZero();
    }

    private Pod ownedPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withLabels(Map.of("app", "web")).withOwnerReferences(ControllerRefManager.controllerRef(rs))
                .endMetadata().build();
    }

    private static ReplicaSet replicaSet(int replicas) {
        return new ReplicaSetBuilder()
                .withApiVersion("apps/v1").withKind("ReplicaSet")
                .withNewMetadata().withName("web").withNamespace("ns").withUid("rs-uid").withGeneration(1L)
                    .endMetadata()
                .withNewSpec().withReplicas(replicas)
                    .withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("busybox").endContainer()
                        .endSpec().endTemplate()
                .endSpec()
                .build();
    }
}
