package skiff.kubelet.prober;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import skiff.api.time.FakeClock;
import skiff.kubelet.event.FakeEventRecorder;
import skiff.kubelet.lifecycle.HandlerResult;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.RuntimeContainer;

/** Probe workers stepped one probe at a time on a fake clock (k/k pkg/kubelet/prober/worker.go semantics). */
class ProbeWorkerTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final FakeClock clock = new FakeClock(T0);
    private final FakeEventRecorder events = new FakeEventRecorder();
    private final List<String> changes = new ArrayList<>();
    private final ProbeResults results = new ProbeResults((uid, type) -> changes.add(type.name()));
    /** Outcomes the fake runner returns, in order; it records each run. */
    private final Deque<Boolean> outcomes = new ArrayDeque<>();
    private final List<String> runs = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private final ProbeRunner runner = (probe, container, id, ip) -> {
        runs.add(id);
        addresses.add(ip);
        return outcomes.isEmpty() || outcomes.pop() ? HandlerResult.success("") : HandlerResult.failure("boom");
    };
    private RuntimeContainer container = running("c1");
    private Optional<String> sandboxIp = Optional.of("10.4.0.7");

    private static RuntimeContainer running(String id) {
        return new RuntimeContainer(id, "uid-1", "app", 0, "h", "img", ContainerState.RUNNING, T0, T0, null, 0, "",
                "");
    }

    private static Probe probe(int failureThreshold, int successThreshold, int initialDelay) {
        return new ProbeBuilder().withNewExec().withCommand("check").endExec().withPeriodSeconds(1)
                .withFailureThreshold(failureThreshold).withSuccessThreshold(successThreshold)
                .withInitialDelaySeconds(initialDelay).build();
    }

    private static Pod pod(Probe liveness, Probe readiness, Probe startup) {
        return new PodBuilder().withNewMetadata().withName("web").withNamespace("default").withUid("uid-1")
                .endMetadata().withNewSpec().withRestartPolicy("Always").withContainers(new ContainerBuilder()
                        .withName("app").withImage("img").withLivenessProbe(liveness).withReadinessProbe(readiness)
                        .withStartupProbe(startup).build()).endSpec().build();
    }

    private ProbeWorker worker(Pod pod, ProbeType type) {
        return new ProbeWorker(pod, "app", type, results, runner, events, clock, () -> Optional.of(container),
                () -> sandboxIp);
    }

    private ProbeResult result(ProbeType type) {
        return results.get(type, container.id()).orElseThrow();
    }

    private void times(int n, Boolean outcome) {
        for (int i = 0; i < n; i++) {
            outcomes.add(outcome);
        }
    }

    @Test
    void readinessStartsFailedAndTurnsReadyAfterSuccessThresholdSuccesses() {
        ProbeWorker w = worker(pod(null, probe(3, 2, 0), null), ProbeType.READINESS);
        times(2, true);

        w.probeOnce();
        assertThat(result(ProbeType.READINESS)).isEqualTo(ProbeResult.FAILURE);
        w.probeOnce();

        assertThat(result(ProbeType.READINESS)).isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void livenessFailsOnlyAfterFailureThresholdFailuresInARowThenHoldsUntilANewContainer() {
        ProbeWorker w = worker(pod(probe(3, 1, 0), null, null), ProbeType.LIVENESS);
        outcomes.addAll(List.of(false, false, true, false, false, false));

        for (int i = 0; i < 5; i++) {
            w.probeOnce();
            assertThat(result(ProbeType.LIVENESS)).as("after probe %d", i + 1).isEqualTo(ProbeResult.SUCCESS);
        }
        w.probeOnce();
        assertThat(result(ProbeType.LIVENESS)).isEqualTo(ProbeResult.FAILURE);
        assertThat(events.events).contains("Warning Unhealthy Liveness probe failed: boom");

        w.probeOnce();
        assertThat(runs).hasSize(6);

        container = running("c2");
        w.probeOnce();
        assertThat(results.get(ProbeType.LIVENESS, "c1")).isEmpty();
        assertThat(result(ProbeType.LIVENESS)).isEqualTo(ProbeResult.SUCCESS);
        assertThat(runs).hasSize(7);
    }

    @Test
    void noProbeRunsBeforeInitialDelaySeconds() {
        ProbeWorker w = worker(pod(null, probe(1, 1, 5), null), ProbeType.READINESS);

        w.probeOnce();
        clock.advance(Duration.ofSeconds(4));
        w.probeOnce();
        assertThat(runs).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        w.probeOnce();
        assertThat(runs).hasSize(1);
    }

    @Test
    void livenessWaitsForTheStartupProbeAndStartupRestsOnceStarted() {
        Pod pod = pod(probe(1, 1, 0), null, probe(1, 1, 0));
        ProbeWorker liveness = worker(pod, ProbeType.LIVENESS);
        ProbeWorker startup = worker(pod, ProbeType.STARTUP);

        liveness.probeOnce();
        assertThat(runs).isEmpty();
        assertThat(result(ProbeType.LIVENESS)).isEqualTo(ProbeResult.SUCCESS);

        startup.probeOnce();
        assertThat(result(ProbeType.STARTUP)).isEqualTo(ProbeResult.SUCCESS);
        startup.probeOnce();
        assertThat(runs).hasSize(1);

        liveness.probeOnce();
        assertThat(runs).hasSize(2);
    }

    @Test
    void aStartupProbeThatFailsItsThresholdAsksForARestart() {
        ProbeWorker startup = worker(pod(null, null, probe(2, 1, 0)), ProbeType.STARTUP);
        times(2, false);

        startup.probeOnce();
        assertThat(result(ProbeType.STARTUP)).isEqualTo(ProbeResult.UNKNOWN);
        startup.probeOnce();

        assertThat(result(ProbeType.STARTUP)).isEqualTo(ProbeResult.FAILURE);
    }

    @Test
    void aContainerThatIsNotRunningFailsAndUnderNeverTheWorkerStops() {
        Pod pod = new PodBuilder(pod(null, probe(1, 1, 0), null)).editSpec().withRestartPolicy("Never").endSpec()
                .build();
        ProbeWorker w = worker(pod, ProbeType.READINESS);
        container = new RuntimeContainer("c1", "uid-1", "app", 0, "h", "img", ContainerState.EXITED, T0, T0, T0, 0,
                "Completed", "");

        assertThat(w.probeOnce()).isFalse();
        assertThat(result(ProbeType.READINESS)).isEqualTo(ProbeResult.FAILURE);
        assertThat(runs).isEmpty();
    }

    @Test
    void aDeletedPodsLivenessSucceedsAndStopsWhileReadinessGoesOn() {
        Pod pod = new PodBuilder(pod(probe(1, 1, 0), probe(1, 1, 0), null)).editMetadata()
                .withDeletionTimestamp("2025-01-01T00:00:30Z").endMetadata().build();
        ProbeWorker liveness = worker(pod, ProbeType.LIVENESS);
        ProbeWorker readiness = worker(pod, ProbeType.READINESS);

        assertThat(liveness.probeOnce()).isFalse();
        assertThat(result(ProbeType.LIVENESS)).isEqualTo(ProbeResult.SUCCESS);
        assertThat(readiness.probeOnce()).isTrue();
        assertThat(runs).hasSize(1);
    }

    @Test
    void resultChangesAreReported() {
        ProbeWorker w = worker(pod(null, probe(1, 1, 0), null), ProbeType.READINESS);

        w.probeOnce();
        w.probeOnce();

        assertThat(changes).containsExactly("READINESS", "READINESS");
    }

    @Test
    void aNetworkProbeWaitsForThePodsAddressAndNeverGoesToTheNode() {
        Probe tcp = new ProbeBuilder().withNewTcpSocket().withNewPort(8080).endTcpSocket().withPeriodSeconds(1)
                .build();
        ProbeWorker w = worker(pod(null, tcp, null), ProbeType.READINESS);
        sandboxIp = Optional.empty();

        assertThat(w.probeOnce()).isTrue();
        assertThat(runs).isEmpty();
        assertThat(result(ProbeType.READINESS)).isEqualTo(ProbeResult.FAILURE);

        sandboxIp = Optional.of("10.4.0.7");
        w.probeOnce();
        assertThat(addresses).containsExactly("10.4.0.7");
        assertThat(result(ProbeType.READINESS)).isEqualTo(ProbeResult.SUCCESS);
    }

    @Test
    void withoutASandboxAddressTheProbeGoesToThePodIpTheStatusReports() {
        Probe http = new ProbeBuilder().withNewHttpGet().withNewPort(8080).endHttpGet().withPeriodSeconds(1).build();
        Pod pod = new PodBuilder(pod(http, null, null)).withNewStatus().withPodIP("10.4.0.9").endStatus().build();
        ProbeWorker w = worker(pod, ProbeType.LIVENESS);
        sandboxIp = Optional.empty();

        w.probeOnce();

        assertThat(addresses).containsExactly("10.4.0.9");
    }

    @Test
    void anExecProbeOrOneNamingItsHostRunsWithoutThePodsAddress() {
        Probe exec = probe(1, 1, 0);
        Probe named = new ProbeBuilder().withNewHttpGet().withHost("192.0.2.1").withNewPort(8080).endHttpGet()
                .withPeriodSeconds(1).build();
        sandboxIp = Optional.empty();

        worker(pod(exec, null, null), ProbeType.LIVENESS).probeOnce();
        worker(pod(named, null, null), ProbeType.LIVENESS).probeOnce();

        assertThat(runs).hasSize(2);
    }
}
