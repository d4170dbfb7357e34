package skiff.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.kubelet.sync.TestPods.T0;
import static skiff.kubelet.sync.TestPods.deleting;
import static skiff.kubelet.sync.TestPods.exited;
import static skiff.kubelet.sync.TestPods.exitedSidecar;
import static skiff.kubelet.sync.TestPods.noSandbox;
import static skiff.kubelet.sync.TestPods.pod;
import static skiff.kubelet.sync.TestPods.running;
import static skiff.kubelet.sync.TestPods.runningSidecar;
import static skiff.kubelet.sync.TestPods.runtime;
import static skiff.kubelet.sync.TestPods.withInit;
import static skiff.kubelet.sync.TestPods.withInits;
import static skiff.kubelet.sync.TestPods.withPhase;
import static skiff.kubelet.sync.TestPods.withPolicy;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import skiff.kubelet.runtime.PodRuntimeStatus;

class PodStatusBuilderTest {
    private static final Instant NOW = T0.plusSeconds(100);

    private static PodStatus build(Pod pod, PodRuntimeStatus runtime) {
        return build(pod, runtime, Map.of(), false);
    }

    private static PodStatus build(Pod pod, PodRuntimeStatus runtime, Map<String, PodActions.Waiting> waiting,
            boolean terminal) {
        return PodStatusBuilder.build(new PodStatusBuilder.Input(pod, runtime, waiting,
                ContainerReadiness.NO_PROBES, terminal, "10.0.0.1", "process", NOW));
    }

    private static PodCondition condition(PodStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static ContainerStatus app(PodStatus status) {
        return status.getContainerStatuses().getFirst();
    }

    @Test
    void aPodNotStartedYetIsPendingWithItsContainerCreating() {
        PodStatus s = build(pod(), noSandbox());

        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        assertThat(condition(s, "PodReadyToStartContainers").getStatus()).isEqualTo("False");
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
        assertThat(condition(s, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [app]");
        assertThat(condition(s, "Ready").getReason()).isEqualTo("ContainersNotReady");
        assertThat(condition(s, "PodScheduled").getStatus()).isEqualTo("True");
        assertThat(s.getHostIP()).isEqualTo("10.0.0.1");
        assertThat(s.getPodIP()).isNull();
        assertThat(s.getQosClass()).isEqualTo("BestEffort");
    }

    @Test
    void anEphemeralContainerHasItsOwnStatusNeverReadyAndDoesNotChangeThePodsPhaseOrReadiness() {
        Pod pod = new PodBuilder(pod()).editSpec().addNewEphemeralContainer().withName("debugger")
                .withImage("busybox").withCommand("sh").endEphemeralContainer().endSpec().build();

        PodStatus running = build(pod, runtime(running("app", 0), running("debugger", 0)));
        PodStatus exited = build(pod, runtime(running("app", 0), exited("debugger", 0, 2, T0.plusSeconds(5))));

        ContainerStatus debugger = running.getEphemeralContainerStatuses().getFirst();
        assertThat(debugger.getName()).isEqualTo("debugger");
        assertThat(debugger.getState().getRunning()).isNotNull();
        assertThat(debugger.getReady()).isFalse();
        assertThat(debugger.getContainerID()).isEqualTo("process://debugger-0");
        assertThat(running.getContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("app");
        assertThat(exited.getEphemeralContainerStatuses().getFirst().getState().getTerminated().getExitCode())
                .isEqualTo(2);
        assertThat(exited.getPhase()).isEqualTo("Running");
        assertThat(condition(exited, "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void aRunningContainerMakesThePodRunningAndReady() {
        PodStatus s = build(pod(), runtime(running("app", 0)));

        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(app(s).getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(app(s).getReady()).isTrue();
        assertThat(app(s).getStarted()).isTrue();
        assertThat(app(s).getContainerID()).isEqualTo("process://app-0");
        assertThat(app(s).getImage()).isEqualTo("busybox");
        assertThat(app(s).getRestartCount()).isZero();
        assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(s, "ContainersReady").getStatus()).isEqualTo("True");
        assertThat(condition(s, "PodReadyToStartContainers").getStatus()).isEqualTo("True");
        assertThat(s.getPodIP()).isEqualTo("127.0.0.1");
        assertThat(s.getStartTime()).isEqualTo("2025-01-01T00:01:40Z");
    }

    @Test
    void whileAnInitContainerRunsThePodIsPendingAndItsContainersArePodInitializing() {
        PodStatus s = build(withInit(pod(), "init1", "init2"), runtime(running("init1", 0)));

        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(s.getInitContainerStatuses()).extracting(ContainerStatus::getName).containsExactly("init1", "init2");
        assertThat(s.getInitContainerStatuses().get(1).getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("False");
        assertThat(condition(s, "Initialized").getMessage())
                .isEqualTo("containers with incomplete status: [init1 init2]");
    }

    @Test
    void aCompletedInitContainerIsTerminatedCompletedAndReady() {
        PodStatus s = build(withInit(pod(), "init1"), runtime(exited("init1", 0, 0, T0), running("app", 0)));

        ContainerStatus init = s.getInitContainerStatuses().getFirst();
        assertThat(init.getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(init.getReady()).isTrue();
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
        assertThat(s.getPhase()).isEqualTo("Running");
    }

    @Test
    void aContainerInBackOffWaitsWithItsLastTerminationAndRestartCount() {
        PodStatus s = build(pod(), runtime(exited("app", 0, 1, T0), exited("app", 2, 1, T0.plusSeconds(5))),
                Map.of("app", new PodActions.Waiting("CrashLoopBackOff", "back-off 20s restarting failed container")),
                false);

        assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(app(s).getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(app(s).getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(app(s).getLastState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(app(s).getRestartCount()).isEqualTo(2);
        assertThat(app(s).getReady()).isFalse();
        // k/k getPhase: a waiting container that ran before counts as stopped; Always keeps the pod Running.
        assertThat(s.getPhase()).isEqualTo("Running");
    }

    @Test
    void aRestartedContainerShowsThePreviousAttemptAsLastState() {
        PodStatus s = build(pod(), runtime(exited("app", 0, 137, T0), running("app", 1)));

        assertThat(app(s).getState().getRunning()).isNotNull();
        assertThat(app(s).getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(app(s).getRestartCount()).isEqualTo(1);
    }

    @Test
    void neverWithASuccessfulExitSucceedsAndContainersReadySaysPodCompleted() {
        PodStatus s = build(withPolicy(pod(), "Never"), runtime(exited("app", 0, 0, T0)));

        assertThat(s.getPhase()).isEqualTo("Succeeded");
        assertThat(app(s).getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(condition(s, "ContainersReady").getReason()).isEqualTo("PodCompleted");
        assertThat(condition(s, "PodReadyToStartContainers").getStatus()).isEqualTo("False");
    }

    @Test
    void neverWithAFailedExitFails() {
        PodStatus s = build(withPolicy(pod(), "Never"), runtime(exited("app", 0, 2, T0)));

        assertThat(s.getPhase()).isEqualTo("Failed");
        assertThat(app(s).getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(condition(s, "ContainersReady").getReason()).isEqualTo("PodFailed");
    }

    @Test
    void aFailedInitContainerUnderNeverFailsThePod() {
        PodStatus s = build(withPolicy(withInit(pod(), "init1"), "Never"), runtime(exited("init1", 0, 1, T0)));

        assertThat(s.getPhase()).isEqualTo("Failed");
    }

    @Test
    void aTerminalPhaseInTheApiNeverChanges() {
        PodStatus s = build(withPhase(pod(), "Failed"), runtime(running("app", 0)));

        assertThat(s.getPhase()).isEqualTo("Failed");
    }

    @Test
    void aStoppedDeletedPodEndsByExitCodesAndMarksNeverStartedContainersUnknown() {
        Pod pod = TestPods.withInit(deleting(pod(), 5), "init1");
        PodStatus s = build(pod, runtime(exited("init1", 0, 0, T0)), Map.of(), true);

        assertThat(app(s).getState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
        assertThat(app(s).getState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(s.getPhase()).isEqualTo("Failed");
    }

    @Test
    void aPodFailedByItsInitContainerLeavesItsAppContainersWaitingAndShowsInitError() {
        Pod pod = withPolicy(withInit(pod(), "init1", "init2"), "Never");
        PodStatus s = build(pod, runtime(exited("init1", 0, 1, T0)), Map.of(), true);

        assertThat(s.getPhase()).isEqualTo("Failed");
        assertThat(s.getInitContainerStatuses().getFirst().getState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(s.getInitContainerStatuses().get(1).getState().getWaiting().getReason())
                .isEqualTo("PodInitializing");
        assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("False");
    }

    @Test
    void aStoppedDeletedPodWhoseContainersSucceededSucceeds() {
        PodStatus s = build(deleting(pod(), 5), runtime(exited("app", 0, 0, T0)), Map.of(), true);

        assertThat(s.getPhase()).isEqualTo("Succeeded");
    }

    @Test
    void transitionTimesStayWhileAConditionHoldsAndMoveWhenItFlips() {
        PodStatus first = PodStatusBuilder.build(new PodStatusBuilder.Input(pod(), runtime(running("app", 0)),
                Map.of(), ContainerReadiness.NO_PROBES, false, "10.0.0.1", "process", T0));
        Pod seen = new PodBuilder(pod()).withStatus(first).build();

        PodStatus same = build(seen, runtime(running("app", 0)));
        PodStatus flipped = build(seen, runtime(exited("app", 0, 1, T0.plusSeconds(50))),
                Map.of("app", new PodActions.Waiting("CrashLoopBackOff", "")), false);

        assertThat(condition(same, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(condition(flipped, "Ready").getLastTransitionTime()).isEqualTo("2025-01-01T00:01:40Z");
        assertThat(condition(flipped, "PodScheduled").getLastTransitionTime()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(flipped.getStartTime()).isEqualTo("2025-01-01T00:00:00Z");
    }

    @Test
    void conditionsOfOtherWritersStayAndReadinessGatesHoldReadyBack() {
        Pod pod = new PodBuilder(pod()).editSpec().addNewReadinessGate().withConditionType("example.com/lb")
                .endReadinessGate().endSpec().editStatus().addToConditions(new PodConditionBuilder()
                        .withType("DisruptionTarget").withStatus("True").build()).endStatus().build();

        PodStatus s = build(pod, runtime(running("app", 0)));

        assertThat(s.getConditions()).extracting(PodCondition::getType).containsExactly("DisruptionTarget",
                "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled");
        assertThat(condition(s, "ContainersReady").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(s, "Ready").getReason()).isEqualTo("ReadinessGatesNotReady");
        assertThat(condition(s, "Ready").getMessage())
                .isEqualTo("corresponding condition of pod readiness gate \"example.com/lb\" does not exist.");
    }

    @Test
    void aContainerLostWithARestartOfSkiffShowsAsTerminatedUnknownInTheLastState() {
        Pod before = new PodBuilder(pod()).editStatus().withPhase("Running").addNewContainerStatus().withName("app")
                .withContainerID("process://old").withRestartCount(0).withNewState().withNewRunning()
                .withStartedAt("2024-12-31T00:00:00Z").endRunning().endState().endContainerStatus().endStatus()
                .build();

        PodStatus s = build(before, runtime(running("app", 1)));

        assertThat(app(s).getRestartCount()).isEqualTo(1);
        assertThat(app(s).getLastState().getTerminated().getReason()).isEqualTo("ContainerStatusUnknown");
        assertThat(app(s).getLastState().getTerminated().getExitCode()).isEqualTo(137);
        assertThat(app(s).getLastState().getTerminated().getContainerID()).isEqualTo("process://old");
    }

    @Test
    void aStartFailureShowsItsWaitingReason() {
        PodStatus s = build(pod(), runtime(), Map.of("app", new PodActions.Waiting("CreateContainerConfigError",
                "configmap \"x\" not found")), false);

        assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("CreateContainerConfigError");
        assertThat(app(s).getState().getWaiting().getMessage()).isEqualTo("configmap \"x\" not found");
        assertThat(s.getPhase()).isEqualTo("Pending");
    }

    /** Readiness: every container is ready and started except the ones named. */
    private static ContainerReadiness unready(String... names) {
        java.util.Set<String> not = java.util.Set.of(names);
        return new ContainerReadiness() {
            @Override
            public boolean ready(String podUid, String containerName, String containerId) {
                return !not.contains(containerName);
            }

            @Override
            public boolean started(String podUid, String containerName, String containerId) {
                return !not.contains(containerName);
            }
        };
    }

    private static PodStatus build(Pod pod, PodRuntimeStatus runtime, ContainerReadiness readiness) {
        return PodStatusBuilder.build(new PodStatusBuilder.Input(pod, runtime, Map.of(), readiness, false,
                "10.0.0.1", "process", NOW));
    }

    @Test
    void aSidecarNotStartedYetKeepsThePodPendingAndUninitialized() {
        PodStatus s = build(withInits(pod(), "sidecar:proxy", "setup"), runtime(runningSidecar("proxy", 0)),
                unready("proxy"));

        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(s.getInitContainerStatuses().getFirst().getStarted()).isFalse();
        assertThat(condition(s, "Initialized").getMessage())
                .isEqualTo("containers with incomplete status: [proxy setup]");
    }

    @Test
    void aStartedSidecarCountsAsInitializedWhileItRuns() {
        PodStatus s = build(withInits(pod(), "sidecar:proxy", "setup"),
                runtime(runningSidecar("proxy", 0), exited("setup", 0, 0, T0)), ContainerReadiness.NO_PROBES);

        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
        assertThat(s.getInitContainerStatuses().getFirst().getState().getRunning()).isNotNull();
    }

    @Test
    void aSidecarsReadinessCountsTowardsThePodsReadiness() {
        PodStatus s = build(withInits(pod(), "sidecar:proxy"), runtime(runningSidecar("proxy", 0),
                running("app", 0)), unready("proxy"));

        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(app(s).getReady()).isTrue();
        assertThat(condition(s, "ContainersReady").getMessage()).isEqualTo("containers with unready status: [proxy]");
        assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    }

    @Test
    void aJobPodStaysRunningWhileItsSidecarRunsAndSucceedsOnceItStopped() {
        Pod job = withPolicy(withInits(pod(), "sidecar:proxy"), "Never");

        assertThat(build(job, runtime(runningSidecar("proxy", 0), exited("app", 0, 0, T0))).getPhase())
                .isEqualTo("Running");
        PodStatus done = build(job, runtime(exitedSidecar("proxy", 0, 143, NOW), exited("app", 0, 0, T0)));
        assertThat(done.getPhase()).isEqualTo("Succeeded");
        assertThat(done.getInitContainerStatuses().getFirst().getReady()).isFalse();
    }

    @Test
    void aSidecarRestartingAfterInitializationLeavesThePodRunning() {
        PodStatus s = build(withInits(pod(), "sidecar:proxy"),
                runtime(exitedSidecar("proxy", 0, 1, T0), running("app", 0)),
                Map.of("proxy", new PodActions.Waiting("CrashLoopBackOff", "back-off 10s")), false);

        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(condition(s, "Initialized").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    }
}
