package skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.kubelet.event.EventRecorder;
import skiff.kubelet.lifecycle.HandlerRunner;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.sync.ContainerHealth;
import skiff.kubelet.sync.ContainerReadiness;
import skiff.kubelet.sync.PodSpecs;

/**
 * Keeps one {@link ProbeWorker} per (pod, container, probe type) running on a virtual thread, and answers the
 * planner and status builder from the results (k/k pkg/kubelet/prober/prober_manager.go).
 */
public final class ProbeManager implements ContainerHealth, ContainerReadiness {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeManager.class);

    private record Key(String podUid, String container, ProbeType type) {}

    private final ContainerRuntime runtime;
    private final ProbeRunner runner;
    private final EventRecorder events;
    private final Clock clock;
    private final ProbeResults results;
    private final GrpcHealthProber grpc;
    private final Map<Key, Running> workers = new ConcurrentHashMap<>();
    private volatile Consumer<String> listener = uid -> { };

    private record Running(ProbeWorker worker, Thread thread) {}

    public ProbeManager(ContainerRuntime runtime, HandlerRunner handlers, EventRecorder events, Clock clock) {
        this(runtime, handlers, new GrpcHealthProber(), events, clock);
    }

    private ProbeManager(ContainerRuntime runtime, HandlerRunner handlers, GrpcHealthProber grpc,
            EventRecorder events, Clock clock) {
        this(runtime, new HandlerProbeRunner(handlers, grpc), grpc, events, clock);
    }

    public ProbeManager(ContainerRuntime runtime, ProbeRunner runner, EventRecorder events, Clock clock) {
        this(runtime, runner, null, events, clock);
    }

    private ProbeManager(ContainerRuntime runtime, ProbeRunner runner, GrpcHealthProber grpc, EventRecorder events,
            Clock clock) {
        this.runtime = runtime;
        this.runner = runner;
        this.grpc = grpc;
        this.events = events;
        this.clock = clock;
        this.results = new ProbeResults((uid, type) -> listener.accept(uid));
    }

    /** @param onChange told the pod UID whenever a probe result of that pod changes */
    public void onChange(Consumer<String> onChange) {
        this.listener = onChange;
    }

    /** Starts the workers a pod's spec asks for, and gives running ones the newer pod. */
    public void update(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (PodSpecs.terminal(pod)) {
            remove(pod);
            return;
        }
        // Sidecars are probed like regular containers (docs sidecar-containers.md).
        for (Container c : PodSpecs.longRunning(pod)) {
            ensure(pod, c, ProbeType.LIVENESS, c.getLivenessProbe() != null);
            ensure(pod, c, ProbeType.READINESS, c.getReadinessProbe() != null);
            ensure(pod, c, ProbeType.STARTUP, c.getStartupProbe() != null);
        }
        workers.forEach((key, running) -> {
            if (key.podUid().equals(uid)) {
                running.worker().update(pod);
            }
        });
    }

    public void remove(Pod pod) {
        String uid = pod.getMetadata().getUid();
        workers.entrySet().removeIf(e -> {
            if (e.getKey().podUid().equals(uid)) {
                e.getValue().thread().interrupt();
                return true;
            }
            return false;
        });
    }

    private void ensure(Pod pod, Container c, ProbeType type, boolean wanted) {
        Key key = new Key(pod.getMetadata().getUid(), c.getName(), type);
        if (!wanted || workers.containsKey(key)) {
            return;
        }
        ProbeWorker worker = new ProbeWorker(pod, c.getName(), type, results, runner, events, clock,
                () -> runtime.podStatus(key.podUid()).latest(key.container()),
                () -> runtime.sandbox(key.podUid()).map(Sandbox::ip));
        Thread thread = Thread.ofVirtual().name("probe-" + type.label() + "-" + c.getName()).unstarted(() -> {
            try {
                while (worker.probeOnce()) {
                    clock.sleep(worker.period());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("probe worker failed container={} type={}", key.container(), type, e);
            }
            workers.remove(key);
        });
        workers.put(key, new Running(worker, thread));
        thread.start();
    }

    // k/k pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions: a failed liveness or startup probe
    // restarts the container.
    @Override
    public Optional<String> restartReason(String containerId) {
        if (results.get(ProbeType.LIVENESS, containerId).orElse(null) == ProbeResult.FAILURE) {
            return Optional.of("failed liveness probe");
        }
        if (results.get(ProbeType.STARTUP, containerId).orElse(null) == ProbeResult.FAILURE) {
            return Optional.of("failed startup probe");
        }
        return Optional.empty();
    }

    @Override
    public boolean ready(String podUid, String containerName, String containerId) {
        if (!workers.containsKey(new Key(podUid, containerName, ProbeType.READINESS))) {
            return results.get(ProbeType.READINESS, containerId).map(r -> r == ProbeResult.SUCCESS).orElse(true);
        }
        return results.get(ProbeType.READINESS, containerId).orElse(ProbeResult.FAILURE) == ProbeResult.SUCCESS;
    }

    @Override
    public boolean started(String podUid, String containerName, String containerId) {
        if (!workers.containsKey(new Key(podUid, containerName, ProbeType.STARTUP))) {
            return results.get(ProbeType.STARTUP, containerId).map(r -> r == ProbeResult.SUCCESS).orElse(true);
        }
        return results.get(ProbeType.STARTUP, containerId).orElse(ProbeResult.UNKNOWN) == ProbeResult.SUCCESS;
    }

    public void close() {
        workers.values().forEach(r -> r.thread().interrupt());
        workers.clear();
        if (grpc != null) {
            grpc.close();
        }
    }
}
