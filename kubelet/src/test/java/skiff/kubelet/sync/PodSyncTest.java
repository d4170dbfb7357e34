package skiff.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.kubelet.sync.TestPods.T0;
import static skiff.kubelet.sync.TestPods.UID;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.metrics.MetricsText;
import skiff.kubelet.metrics.KubeletMetrics;
import skiff.api.time.FakeClock;
import skiff.kubelet.config.ApiObjects;
import skiff.kubelet.event.FakeEventRecorder;
import skiff.kubelet.lifecycle.HandlerRunner;
import skiff.kubelet.lifecycle.LifecycleHooks;
import skiff.kubelet.runtime.FakeContainerRuntime;
import skiff.kubelet.runtime.StartResult;
import skiff.kubelet.status.FakePodStatusWriter;

/** Whole syncs on the fake runtime and a fake clock: deletion, force deletion, back-off, start failures. */
class PodSyncTest {
    private final FakeClock clock = new FakeClock(T0);
    private final FakeContainerRuntime runtime = new FakeContainerRuntime(clock);
    private final FakeEventRecorder events = new FakeEventRecorder();
    private final FakePodStatusWriter statuses = new FakePodStatusWriter();
    private final RestartBackoff backoff = new RestartBackoff(clock);
    private final KubeletMetrics metrics = new KubeletMetrics(runtime, clock);
    private final PodSync sync = new PodSync(runtime, new PodSyncer(runtime, backoff,
            new LifecycleHooks(new HandlerRunner(runtime, clock)), events, ApiObjects.NONE, clock, "10.0.0.1"),
            backoff, ContainerHealth.ALL_HEALTHY, ContainerReadiness.NO_PROBES, statuses, clock, "10.0.0.1",
            metrics);

    private java.util.List<String> starts() {
        return runtime.calls.stream().filter(c -> c.startsWith("start")).toList();
    }

    private static Pod withPreStop(Pod pod) {
        return new PodBuilder(pod).editSpec().withContainers(new ContainerBuilder(TestPods.container("app"))
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand("drain").endExec().endPreStop()
                .endLifecycle().build()).endSpec().build();
    }

    @Test
    void aPodsStartIsTimedOnceFromItsFirstSyncAndItsSandboxAndContainerAreCounted() {
        runtime.failStartsWith(config -> new StartResult.Failed("RunContainerError", "not yet"));
        sync.sync(TestPods.pod(), false);
        clock.advance(java.time.Duration.ofMillis(2500));
        runtime.failStartsWith(config -> null);
        clock.advance(java.time.Duration.ofSeconds(30));
        sync.sync(TestPods.pod(), false);
        sync.sync(TestPods.pod(), false);

        String text = new String(MetricsText.render(metrics.registry()), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(statuses.last().getPhase()).isEqualTo("Running");
        assertThat(text).contains("kubelet_pod_start_duration_seconds_count 1")
                .contains("kubelet_pod_start_duration_seconds_sum 32.5")
                .contains("kubelet_running_pods 1.0")
                .contains("kubelet_running_containers{container_state=\"running\"} 1.0")
                .contains("kubelet_running_containers{container_state=\"exited\"} 0.0");
    }

    @Test
    void aNewPodGetsItsSandboxAndContainerAndARunningStatus() {
        SyncOutcome outcome = sync.sync(TestPods.pod(), false);

        assertThat(runtime.calls).containsExactly("createSandbox", "start app#0");
        assertThat(statuses.last().getPhase()).isEqualTo("Running");
        // The syncer's node settings name no cluster DNS: the ClusterFirst pod falls back to the node's resolver.
        assertThat(events.events).containsExactly("Warning MissingClusterDNS pod: \"web_default(uid-1)\". kubelet"
                + " does not have ClusterDNS IP configured and cannot create Pod using \"ClusterFirst\" policy."
                + " Falling back to \"Default\" policy.", "Normal Created Created container app",
                "Normal Started Started container app");
        assertThat(outcome.done()).isFalse();
    }

    @Test
    void aDeletedPodStopsWithTheDeletionGracePeriodThenIsConfirmedAndCleanedUp() {
        sync.sync(TestPods.pod(), false);
        runtime.calls.clear();

        SyncOutcome outcome = sync.sync(TestPods.deleting(TestPods.pod(), 5), false);

        assertThat(runtime.calls).containsExactly("stop app 5s", "removeSandbox");
        assertThat(statuses.last().getPhase()).isEqualTo("Failed");
        assertThat(statuses.confirmedDeletions).containsExactly(UID);
        assertThat(outcome.done()).isTrue();
        assertThat(events.events).contains("Normal Killing Stopping container app");
    }

    @Test
    void aPodPastItsActiveDeadlineFailsWithDeadlineExceededAndItsContainersStop() {
        Pod pod = new PodBuilder(TestPods.pod()).editSpec().withActiveDeadlineSeconds(5L).endSpec().build();
        sync.sync(pod, false);
        clock.advance(Duration.ofSeconds(3));

        SyncOutcome before = sync.sync(reported(pod), false);

        assertThat(before.requeueAfter()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(
                Duration.ofSeconds(2)));
        assertThat(statuses.last().getPhase()).isEqualTo("Running");
        runtime.calls.clear();
        clock.advance(Duration.ofSeconds(2));

        SyncOutcome after = sync.sync(reported(pod), false);

        assertThat(runtime.calls).containsExactly("stop app 30s");
        assertThat(statuses.last()).extracting("phase", "reason", "message").containsExactly("Failed",
                "DeadlineExceeded", "Pod was active on the node longer than the specified deadline");
        assertThat(events.events).contains(
                "Normal DeadlineExceeded Pod was active on the node longer than the specified deadline");
        assertThat(after.done()).isTrue();
    }

    /** The pod as the API shows it after the last status write. */
    private Pod reported(Pod pod) {
        return new PodBuilder(pod).withStatus(statuses.last()).build();
    }

    @Test
    void aShorterGracePeriodDuringTerminationStopsTheRunningContainersAgainWithIt() {
        sync.sync(TestPods.pod(), false);
        runtime.calls.clear();
        events.events.clear();

        sync.shortenGracePeriod(TestPods.deleting(TestPods.pod(), 3));
        sync.shortenGracePeriod(TestPods.deleting(TestPods.pod(), 1));

        // The second finds nothing running any more.
        assertThat(runtime.calls).containsExactly("stop app 3s");
        assertThat(events.events).containsExactly("Normal Killing Stopping container app");
    }

    @Test
    void aGracePeriodShortenedBelowTwoSecondsStillLeavesTwo() {
        sync.sync(TestPods.pod(), false);
        runtime.calls.clear();

        sync.shortenGracePeriod(TestPods.deleting(TestPods.pod(), 1));

        assertThat(runtime.calls).containsExactly("stop app 2s");
    }

    @Test
    void thePreStopHookRunsFirstAndItsTimeComesOffTheGracePeriod() {
        Pod pod = withPreStop(TestPods.pod());
        sync.sync(pod, false);
        runtime.calls.clear();
        runtime.execTakes(Duration.ofSeconds(3), 0);

        sync.sync(TestPods.deleting(pod, 10), false);

        assertThat(runtime.calls).containsExactly("exec drain", "stop app 7s", "removeSandbox");
    }

    @Test
    void aPreStopHookStillRunningAtExpiryLeavesTheTwoSecondExtension() {
        Pod pod = withPreStop(TestPods.pod());
        sync.sync(pod, false);
        runtime.calls.clear();
        runtime.execTakes(Duration.ofSeconds(60), 0);

        sync.sync(TestPods.deleting(pod, 5), false);

        assertThat(runtime.calls).containsExactly("exec drain", "stop app 2s", "removeSandbox");
        assertThat(events.events).contains("Warning FailedPreStopHook PreStopHook failed");
    }

    @Test
    void aFailingPostStartHookKillsTheContainerItFollows() {
        Pod pod = new PodBuilder(TestPods.pod()).editSpec().withContainers(new ContainerBuilder(
                TestPods.container("app")).withNewLifecycle().withNewPostStart().withNewExec().withCommand("warm-up")
                .endExec().endPostStart().endLifecycle().build()).endSpec().build();
        runtime.execTakes(Duration.ZERO, 1);

        sync.sync(pod, false);

        assertThat(runtime.calls).containsExactly("createSandbox", "start app#0", "exec warm-up", "stop app 30s");
        assertThat(events.reasons()).contains("FailedPostStartHook");
    }

    @Test
    void aForceDeletedPodIsStoppedWithTheSpecGracePeriodWithoutWritingToTheApi() {
        sync.sync(TestPods.pod(), false);
        runtime.calls.clear();
        int written = statuses.written.size();

        SyncOutcome outcome = sync.sync(TestPods.pod(), true);

        assertThat(runtime.calls).containsExactly("stop app 30s", "removeSandbox");
        assertThat(statuses.written).hasSize(written);
        assertThat(statuses.confirmedDeletions).isEmpty();
        assertThat(outcome.done()).isTrue();
    }

    @Test
    void aCrashingContainerRestartsAtOnceThenBacksOffTenThenTwentySeconds() {
        Pod pod = TestPods.pod();
        sync.sync(pod, false);
        runtime.calls.clear();

        runtime.exit(UID, "app", 1);
        sync.sync(pod, false);
        assertThat(starts()).containsExactly("start app#1");

        runtime.exit(UID, "app", 1);
        SyncOutcome waiting = sync.sync(pod, false);
        assertThat(waiting.requeueAfter()).contains(Duration.ofSeconds(10));
        assertThat(statuses.last().getContainerStatuses().getFirst().getState().getWaiting().getReason())
                .isEqualTo("CrashLoopBackOff");
        assertThat(events.reasons()).contains("BackOff");

        clock.advance(Duration.ofSeconds(10));
        sync.sync(pod, false);
        assertThat(starts()).containsExactly("start app#1", "start app#2");

        runtime.exit(UID, "app", 1);
        assertThat(sync.sync(pod, false).requeueAfter()).contains(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(19));
        sync.sync(pod, false);
        assertThat(starts()).containsExactly("start app#1", "start app#2");
        clock.advance(Duration.ofSeconds(1));
        sync.sync(pod, false);
        assertThat(starts()).containsExactly("start app#1", "start app#2", "start app#3");
        assertThat(runtime.calls).contains("remove app#0");
        assertThat(statuses.last().getContainerStatuses().getFirst().getRestartCount()).isEqualTo(3);
    }

    @Test
    void aStartFailureIsAWaitingReasonAnEventAndARetry() {
        runtime.failStartsWith(c -> new StartResult.Failed("CreateContainerConfigError", "needs a command"));

        SyncOutcome outcome = sync.sync(TestPods.pod(), false);

        assertThat(statuses.last().getContainerStatuses().getFirst().getState().getWaiting().getReason())
                .isEqualTo("CreateContainerConfigError");
        assertThat(events.events).contains("Warning Failed Error: needs a command");
        assertThat(outcome.requeueAfter()).contains(Duration.ofSeconds(10));
    }

    @Test
    void aMissingConfigMapKeepsThePodWaitingWithAnEvent() {
        Pod pod = new PodBuilder(TestPods.pod()).editSpec().addNewVolume().withName("cfg").withNewConfigMap()
                .withName("settings").endConfigMap().endVolume().endSpec().build();

        sync.sync(pod, false);

        assertThat(runtime.calls).isEmpty();
        assertThat(statuses.last().getContainerStatuses().getFirst().getState().getWaiting().getMessage())
                .contains("configmap \"settings\" not found");
        assertThat(events.reasons()).containsExactly("FailedMount");
    }

    @Test
    void aPodThatCompletedUnderNeverReportsSucceededAndIsDoneOnceTheApiAgrees() {
        Pod pod = TestPods.withPolicy(TestPods.pod(), "Never");
        sync.sync(pod, false);
        runtime.exit(UID, "app", 0);

        sync.sync(pod, false);
        assertThat(statuses.last().getPhase()).isEqualTo("Succeeded");

        Pod terminal = new PodBuilder(pod).withStatus(statuses.last()).build();
        assertThat(sync.sync(terminal, false)).isEqualTo(new SyncOutcome(true, Optional.empty()));
        assertThat(runtime.sandboxes()).containsExactly(UID);
    }

    @Test
    void aJobPodSucceedsOnceItsAppCompletedAndThenItsSidecarIsStopped() {
        Pod pod = TestPods.withPolicy(TestPods.withInits(TestPods.pod(), "sidecar:proxy"), "Never");

        sync.sync(pod, false);
        assertThat(statuses.last().getPhase()).isEqualTo("Pending");
        sync.sync(pod, false);
        assertThat(statuses.last().getPhase()).isEqualTo("Running");
        runtime.exit(UID, "app", 0);
        sync.sync(pod, false);

        assertThat(runtime.calls).containsExactly("createSandbox", "start proxy#0", "start app#0", "stop proxy 30s");
        assertThat(statuses.last().getPhase()).isEqualTo("Succeeded");
        assertThat(statuses.last().getInitContainerStatuses().getFirst().getState().getTerminated().getExitCode())
                .isEqualTo(143);
    }

    @Test
    void onDeletionSidecarsStopAfterTheRegularContainersLastFirstWithinWhatIsLeftOfTheGracePeriod() {
        Pod pod = withPreStop(TestPods.withInits(TestPods.pod(), "sidecar:log", "sidecar:proxy"));
        sync.sync(pod, false);
        sync.sync(pod, false);
        sync.sync(pod, false);
        assertThat(starts()).containsExactly("start log#0", "start proxy#0", "start app#0");
        runtime.calls.clear();
        runtime.execTakes(Duration.ofSeconds(3), 0);

        sync.sync(TestPods.deleting(pod, 10), false);

        assertThat(runtime.calls).containsExactly("exec drain", "stop app 7s", "stop proxy 7s", "stop log 7s",
                "removeSandbox");
    }

    @Test
    void aRunningPodsConfigMapAndDownwardVolumesAreRewrittenWhenTheirSourcesChange() {
        java.util.concurrent.atomic.AtomicReference<String> color = new java.util.concurrent.atomic.AtomicReference<>(
                "blue");
        ApiObjects objects = new ApiObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.of(new ConfigMapBuilder().addToData("color", color.get()).build());
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.empty();
            }
        };
        PodSync withObjects = new PodSync(runtime, new PodSyncer(runtime, backoff,
                new LifecycleHooks(new HandlerRunner(runtime, clock)), events, objects, clock, "10.0.0.1"),
                backoff, ContainerHealth.ALL_HEALTHY, ContainerReadiness.NO_PROBES, statuses, clock, "10.0.0.1");
        Pod pod = new PodBuilder(TestPods.pod()).editMetadata().addToLabels("tier", "front").endMetadata()
                .editSpec().addNewVolume().withName("cfg").withNewConfigMap().withName("settings").endConfigMap()
                .endVolume().addNewVolume().withName("info").withNewDownwardAPI().addNewItem().withPath("labels")
                .withNewFieldRef().withFieldPath("metadata.labels").endFieldRef().endItem().endDownwardAPI()
                .endVolume().endSpec().build();
        withObjects.sync(pod, false);
        runtime.calls.clear();

        withObjects.sync(pod, false);
        assertThat(runtime.calls).isEmpty();

        color.set("green");
        withObjects.sync(new PodBuilder(pod).editMetadata().addToLabels("tier", "back").endMetadata().build(), false);

        assertThat(runtime.calls).containsExactly("updateVolume cfg", "updateVolume info");
        assertThat(runtime.volume(UID, "cfg")).containsEntry("color", "green");
        assertThat(runtime.volume(UID, "info")).containsEntry("labels", "tier=\"back\"");
    }

    @Test
    void aStoppingPodsVolumesAreLeftAsTheyAre() {
        Pod pod = new PodBuilder(TestPods.pod()).editSpec().addNewVolume().withName("info").withNewDownwardAPI()
                .addNewItem().withPath("name").withNewFieldRef().withFieldPath("metadata.name").endFieldRef()
                .endItem().endDownwardAPI().endVolume().endSpec().build();
        sync.sync(pod, false);
        runtime.calls.clear();

        sync.sync(TestPods.deleting(new PodBuilder(pod).editMetadata().withName("renamed").endMetadata().build(), 5),
                false);

        assertThat(runtime.calls).doesNotContain("updateVolume info");
    }
}
