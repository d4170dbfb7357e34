package skiff.kubelet.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static skiff.kubelet.sync.TestPods.T0;
import static skiff.kubelet.sync.TestPods.deleting;
import static skiff.kubelet.sync.TestPods.exited;
import static skiff.kubelet.sync.TestPods.exitedSidecar;
import static skiff.kubelet.sync.TestPods.interrupted;
import static skiff.kubelet.sync.TestPods.noSandbox;
import static skiff.kubelet.sync.TestPods.pod;
import static skiff.kubelet.sync.TestPods.running;
import static skiff.kubelet.sync.TestPods.runningSidecar;
import static skiff.kubelet.sync.TestPods.runtime;
import static skiff.kubelet.sync.TestPods.withInit;
import static skiff.kubelet.sync.TestPods.withInits;
import static skiff.kubelet.sync.TestPods.withPhase;
import static skiff.kubelet.sync.TestPods.withPolicy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import skiff.kubelet.runtime.PodRuntimeStatus;

/**
 * The planner, case by case: one base pod and runtime state, a named change, the plan expected (the shape of k/k
 * kuberuntime_manager_test.go TestComputePodActions).
 */
class PodActionPlannerTest {
    private static final Instant NOW = T0.plusSeconds(60);
    /** Probes: nothing fails, and no container has passed its startup probe yet. */
    private static final ContainerHealth NOT_STARTED = new ContainerHealth() {
        @Override
        public Optional<String> restartReason(String containerId) {
            return Optional.empty();
        }

        @Override
        public boolean started(String podUid, String containerName, String containerId) {
            return false;
        }
    };
    /** Back-off: every key has a 10 s window. */
    private static final BackoffWindows TEN_SECONDS = (key, finishedAt) -> Optional.of(Duration.ofSeconds(10));

    /** The parts of a plan a case checks, in a form that prints well. */
    record Plan(boolean createSandbox, List<String> start, List<String> kill, List<String> remove,
            Map<String, String> waiting, boolean stopping, boolean stopped, Optional<Duration> requeueAfter) {

        static Plan of(PodActions a) {
            return new Plan(a.createSandbox(),
                    a.start().stream().map(s -> s.name() + "#" + s.attempt()).toList(),
                    a.kill().stream().map(k -> k.name() + " " + k.grace().toSeconds() + "s " + k.reason()).toList(),
                    a.remove(),
                    new TreeMap<>(a.waiting().entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().reason()))),
                    a.stopping(), a.stopped(), a.requeueAfter());
        }

        static Plan nothing() {
            return new Plan(false, List.of(), List.of(), List.of(), Map.of(), false, false, Optional.empty());
        }

        Plan sandbox() {
            return new Plan(true, start, kill, remove, waiting, stopping, stopped, requeueAfter);
        }

        Plan start(String... containers) {
            return new Plan(createSandbox, List.of(containers), kill, remove, waiting, stopping, stopped,
                    requeueAfter);
        }

        Plan kill(String... containers) {
            return new Plan(createSandbox, start, List.of(containers), remove, waiting, stopping, stopped,
                    requeueAfter);
        }

        Plan remove(String... ids) {
            return new Plan(createSandbox, start, kill, List.of(ids), waiting, stopping, stopped, requeueAfter);
        }

        Plan waiting(String container, String reason, Duration requeue) {
            return new Plan(createSandbox, start, kill, remove, Map.of(container, reason), stopping, stopped,
                    Optional.of(requeue));
        }

        Plan stopping(boolean allStopped) {
            return new Plan(createSandbox, start, kill, remove, waiting, true, allStopped, requeueAfter);
        }
    }

    record Case(String name, Pod pod, boolean removed, PodRuntimeStatus runtime, BackoffWindows backoff,
            ContainerHealth health, Plan expected) {

        Case(String name, Pod pod, PodRuntimeStatus runtime, Plan expected) {
            this(name, pod, false, runtime, BackoffWindows.NONE, ContainerHealth.ALL_HEALTHY, expected);
        }

        Case backoff(BackoffWindows windows) {
            return new Case(name, pod, removed, runtime, windows, health, expected);
        }

        Case health(ContainerHealth probes) {
            return new Case(name, pod, removed, runtime, backoff, probes, expected);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("a new pod gets a sandbox and its container", pod(), noSandbox(),
                        Plan.nothing().sandbox().start("app#0")),
                new Case("a running container is left alone", pod(), runtime(running("app", 0)), Plan.nothing()),
                // Init containers.
                new Case("only the first init container starts", withInit(pod(), "init1", "init2"), runtime(),
                        Plan.nothing().start("init1#0")),
                new Case("nothing else starts while an init container runs", withInit(pod(), "init1", "init2"),
                        runtime(running("init1", 0)), Plan.nothing()),
                new Case("the next init container starts after the previous succeeded",
                        withInit(pod(), "init1", "init2"), runtime(exited("init1", 0, 0, T0)),
                        Plan.nothing().start("init2#0")),
                new Case("regular containers start once every init container succeeded",
                        withInit(pod(), "init1", "init2"),
                        runtime(exited("init1", 0, 0, T0), exited("init2", 0, 0, T0)), Plan.nothing().start("app#0")),
                new Case("a failed init container under Never stops the pod from starting",
                        withPolicy(withInit(pod(), "init1", "init2"), "Never"), runtime(exited("init1", 0, 1, T0)),
                        Plan.nothing()),
                new Case("a failed init container under OnFailure restarts at once the first time",
                        withPolicy(withInit(pod(), "init1"), "OnFailure"), runtime(exited("init1", 0, 1, NOW)),
                        Plan.nothing().start("init1#1")),
                new Case("a failed init container under Always restarts after its back-off",
                        withInit(pod(), "init1"), runtime(exited("init1", 0, 1, NOW.minusSeconds(4))),
                        Plan.nothing().waiting("init1", "CrashLoopBackOff", Duration.ofSeconds(6)))
                        .backoff(TEN_SECONDS),
                new Case("an init container that succeeded is not restarted under Always", withInit(pod(), "init1"),
                        runtime(exited("init1", 0, 0, T0), running("app", 0)), Plan.nothing()),
                // Sidecars (init containers with restartPolicy Always; docs sidecar-containers.md).
                new Case("a sidecar starts first, alone", withInits(pod(), "sidecar:proxy", "setup"), runtime(),
                        Plan.nothing().start("proxy#0")),
                new Case("the next init container waits until the sidecar's startup probe passed",
                        withInits(pod(), "sidecar:proxy", "setup"), runtime(runningSidecar("proxy", 0)),
                        Plan.nothing()).health(NOT_STARTED),
                new Case("the next init container starts once the sidecar started, without waiting for it to exit",
                        withInits(pod(), "sidecar:proxy", "setup"), runtime(runningSidecar("proxy", 0)),
                        Plan.nothing().start("setup#0")),
                new Case("regular containers start beside the running sidecar",
                        withInits(pod(), "sidecar:proxy", "setup"),
                        runtime(runningSidecar("proxy", 0), exited("setup", 0, 0, T0)),
                        Plan.nothing().start("app#0")),
                new Case("a sidecar that exited restarts even under Never", withPolicy(
                        withInits(pod(), "sidecar:proxy"), "Never"),
                        runtime(exitedSidecar("proxy", 0, 0, NOW), running("app", 0)),
                        Plan.nothing().start("proxy#1")),
                new Case("a crashing sidecar waits out its back-off while the app keeps running",
                        withInits(pod(), "sidecar:proxy"),
                        runtime(exitedSidecar("proxy", 2, 1, NOW.minusSeconds(4)), running("app", 0)),
                        Plan.nothing().waiting("proxy", "CrashLoopBackOff", Duration.ofSeconds(6)))
                        .backoff(TEN_SECONDS),
                new Case("a sidecar in back-off does not hold back the app's restart",
                        withInits(pod(), "sidecar:proxy"),
                        runtime(exitedSidecar("proxy", 2, 1, NOW.minusSeconds(4)),
                                exited("app", 0, 1, NOW.minusSeconds(20))),
                        Plan.nothing().start("app#1").waiting("proxy", "CrashLoopBackOff", Duration.ofSeconds(6)))
                        .backoff(TEN_SECONDS),
                new Case("once the app completed under Never the sidecars stop, last declared first",
                        withPolicy(withInits(pod(), "sidecar:log", "sidecar:proxy"), "Never"),
                        runtime(runningSidecar("log", 0), runningSidecar("proxy", 0), exited("app", 0, 0, NOW)),
                        Plan.nothing().kill("proxy 30s all regular containers have terminated",
                                "log 30s all regular containers have terminated")),
                new Case("a stopped sidecar is not restarted once the app completed under OnFailure",
                        withPolicy(withInits(pod(), "sidecar:proxy"), "OnFailure"),
                        runtime(exitedSidecar("proxy", 0, 137, NOW), exited("app", 0, 0, NOW)), Plan.nothing()),
                new Case("under OnFailure a failed app restarts and its sidecar keeps running",
                        withPolicy(withInits(pod(), "sidecar:proxy"), "OnFailure"),
                        runtime(runningSidecar("proxy", 0), exited("app", 0, 1, NOW)), Plan.nothing().start("app#1")),
                new Case("a deleted pod stops its regular containers, then its sidecars last declared first",
                        deleting(withInits(pod(), "sidecar:log", "sidecar:proxy"), 5),
                        runtime(runningSidecar("log", 0), runningSidecar("proxy", 0), running("app", 0)),
                        Plan.nothing().kill("app 5s pod is being deleted", "proxy 5s pod is being deleted",
                                "log 5s pod is being deleted").stopping(false)),
                // Restart policies and back-off.
                new Case("Always restarts a container that succeeded", pod(), runtime(exited("app", 0, 0, NOW)),
                        Plan.nothing().start("app#1")),
                new Case("a container in its back-off window waits in CrashLoopBackOff", pod(),
                        runtime(exited("app", 1, 1, NOW.minusSeconds(3))),
                        Plan.nothing().waiting("app", "CrashLoopBackOff", Duration.ofSeconds(7)))
                        .backoff(TEN_SECONDS),
                new Case("a container past its back-off window restarts", pod(),
                        runtime(exited("app", 1, 1, NOW.minusSeconds(11))), Plan.nothing().start("app#2"))
                        .backoff(TEN_SECONDS),
                new Case("OnFailure leaves a container that succeeded", withPolicy(pod(), "OnFailure"),
                        runtime(exited("app", 0, 0, T0)), Plan.nothing()),
                new Case("OnFailure restarts a container that failed", withPolicy(pod(), "OnFailure"),
                        runtime(exited("app", 0, 2, T0)), Plan.nothing().start("app#1")),
                new Case("Never leaves a container that failed", withPolicy(pod(), "Never"),
                        runtime(exited("app", 0, 2, T0)), Plan.nothing()),
                new Case("Never restarts a container that Skiff's shutdown stopped", withPolicy(pod(), "Never"),
                        runtime(interrupted("app", 0, 143, T0)), Plan.nothing().start("app#1")),
                new Case("OnFailure restarts a container that exited 0 when Skiff's shutdown stopped it",
                        withPolicy(pod(), "OnFailure"), runtime(interrupted("app", 0, 0, T0)),
                        Plan.nothing().start("app#1")),
                // Deletion and termination.
                new Case("a deleted pod's containers stop with the deletion's grace period", deleting(pod(), 5),
                        runtime(running("app", 0)), Plan.nothing().kill("app 5s pod is being deleted")
                                .stopping(false)),
                new Case("a deleted pod with nothing running is stopped", deleting(pod(), 5),
                        runtime(exited("app", 0, 0, T0)), Plan.nothing().stopping(true)),
                new Case("a deleted pod starts nothing, not even a missing container", deleting(pod(), 5), runtime(),
                        Plan.nothing().stopping(true)),
                new Case("a force-deleted pod stops with the spec's grace period", pod(), true,
                        runtime(running("app", 0)), BackoffWindows.NONE, ContainerHealth.ALL_HEALTHY,
                        Plan.nothing().kill("app 30s pod is being deleted").stopping(false)),
                new Case("a pod terminal in the API never runs again", withPhase(pod(), "Succeeded"),
                        runtime(exited("app", 0, 0, T0)), Plan.nothing().stopping(true)),
                // Restarts that ignore the policy.
                new Case("a running container whose spec changed is restarted", withPolicy(changedSpec(), "Never"),
                        runtime(running("app", 0)), Plan.nothing().kill("app 30s container spec changed")),
                new Case("a container that failed its liveness probe is restarted", pod(), false,
                        runtime(running("app", 0)), BackoffWindows.NONE,
                        id -> id.equals("app-0") ? Optional.of("failed liveness probe") : Optional.empty(),
                        Plan.nothing().kill("app 30s failed liveness probe")),
                // Bookkeeping.
                new Case("attempts older than the last two are removed", pod(),
                        runtime(exited("app", 0, 1, T0), exited("app", 1, 1, T0), exited("app", 2, 1, T0),
                                running("app", 3)),
                        Plan.nothing().remove("app-0", "app-1")),
                new Case("a container the runtime lost continues the API's restart count", apiShowsRestarts(4),
                        runtime(), Plan.nothing().start("app#5")),
                new Case("a finished container the runtime lost is not run again under Never",
                        withPolicy(apiShowsTerminated(), "Never"), runtime(), Plan.nothing()),
                // Ephemeral containers (kubectl debug).
                new Case("an ephemeral container added to a running pod starts", withEphemeral(pod(), "debugger"),
                        runtime(running("app", 0)), Plan.nothing().start("debugger#0")),
                new Case("an ephemeral container starts before the init container due",
                        withEphemeral(withInit(pod(), "init1"), "debugger"), runtime(),
                        Plan.nothing().start("debugger#0", "init1#0")),
                new Case("an ephemeral container starts while an init container still runs",
                        withEphemeral(withInit(pod(), "init1"), "debugger"), runtime(running("init1", 0)),
                        Plan.nothing().start("debugger#0")),
                new Case("an ephemeral container waits for the sandbox", withEphemeral(pod(), "debugger"),
                        noSandbox(), Plan.nothing().sandbox().start("app#0")),
                new Case("an ephemeral container that exited is never restarted, whatever the policy",
                        withEphemeral(pod(), "debugger"),
                        runtime(running("app", 0), exited("debugger", 0, 1, T0)), Plan.nothing()),
                new Case("an ephemeral container the API shows terminated is not run again after a restart",
                        apiShowsEphemeralTerminated(withEphemeral(pod(), "debugger")), runtime(running("app", 0)),
                        Plan.nothing()),
                new Case("a running ephemeral container is stopped with its deleted pod",
                        deleting(withEphemeral(pod(), "debugger"), 5),
                        runtime(running("app", 0), running("debugger", 0)),
                        Plan.nothing().kill("app 5s pod is being deleted", "debugger 5s pod is being deleted")
                                .stopping(false)),
                new Case("a deleted pod starts no ephemeral container", deleting(withEphemeral(pod(), "debugger"), 5),
                        runtime(running("app", 0)),
                        Plan.nothing().kill("app 5s pod is being deleted").stopping(false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(Case c) {
        PodActions actions = PodActionPlanner.plan(c.pod(), c.removed(), c.runtime(), c.backoff(), c.health(), NOW);
        assertThat(Plan.of(actions)).isEqualTo(c.expected());
    }

    private static Pod withEphemeral(Pod pod, String name) {
        return new PodBuilder(pod).editSpec().addNewEphemeralContainer().withName(name).withImage("busybox")
                .withCommand("sh").withTargetContainerName("app").endEphemeralContainer().endSpec().build();
    }

    private static Pod apiShowsEphemeralTerminated(Pod pod) {
        return new PodBuilder(pod).editStatus().addNewEphemeralContainerStatus().withName("debugger")
                .withRestartCount(0).withNewState().withNewTerminated().withExitCode(0).endTerminated().endState()
                .endEphemeralContainerStatus().endStatus().build();
    }

    private static Pod changedSpec() {
        return new PodBuilder(pod()).editSpec().withContainers(new ContainerBuilder(TestPods.container("app"))
                .withImage("busybox:2").build()).endSpec().build();
    }

    private static Pod apiShowsRestarts(int restarts) {
        return new PodBuilder(pod()).editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app")
                .withRestartCount(restarts).withNewState().withNewRunning().withStartedAt("2025-01-01T00:00:00Z")
                .endRunning().endState().build()).endStatus().build();
    }

    private static Pod apiShowsTerminated() {
        return new PodBuilder(pod()).editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("app")
                .withRestartCount(0).withNewState().withNewTerminated().withExitCode(1).endTerminated().endState()
                .build()).endStatus().build();
    }
}
