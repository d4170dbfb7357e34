package skiff.kubelet.prober;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import skiff.api.time.Clock;
import skiff.kubelet.event.EventRecorder;
import skiff.kubelet.lifecycle.HandlerResult;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.sync.PodSpecs;

/**
 * One probe of one container of one pod. {@link #probeOnce()} is a single step, run every {@code periodSeconds} by
 * the {@link ProbeManager} and stepped directly by tests (after k/k pkg/kubelet/prober/worker.go doProbe).
 */
public final class ProbeWorker {
    private final String containerName;
    private final ProbeType type;
    private final ProbeResults results;
    private final ProbeRunner runner;
    private final EventRecorder events;
    private final Clock clock;
    private final Supplier<Optional<RuntimeContainer>> container;
    private final Supplier<Optional<String>> sandboxIp;
    private volatile Pod pod;
    private String containerId;
    private ProbeResult lastResult = ProbeResult.UNKNOWN;
    private int resultRun;
    private boolean onHold;

    /**
     * @param container the container's newest attempt in the runtime
     * @param sandboxIp the IP of the pod's sandbox in the runtime, once it has one
     */
    public ProbeWorker(Pod pod, String containerName, ProbeType type, ProbeResults results, ProbeRunner runner,
            EventRecorder events, Clock clock, Supplier<Optional<RuntimeContainer>> container,
            Supplier<Optional<String>> sandboxIp) {
        this.pod = pod;
        this.containerName = containerName;
        this.type = type;
        this.results = results;
        this.runner = runner;
        this.events = events;
        this.clock = clock;
        this.container = container;
        this.sandboxIp = sandboxIp;
    }

    void update(Pod newer) {
        pod = newer;
    }

    public ProbeType type() {
        return type;
    }

    /** The probe's period, 10 s unless set (k/k defaults.go SetDefaults_Probe). */
    public Duration period() {
        Integer period = probe().flatMap(p -> Optional.ofNullable(p.getPeriodSeconds())).orElse(10);
        return Duration.ofSeconds(Math.max(period, 1));
    }

    /** One probing step; false when the worker has nothing more to do. */
    public boolean probeOnce() {
        Pod current = pod;
        Optional<Container> spec = spec(current);
        Optional<Probe> probe = probe();
        // 1. A terminal pod or a probe removed from the spec: stop.
        if (PodSpecs.terminal(current) || spec.isEmpty() || probe.isEmpty()) {
            return false;
        }
        String uid = current.getMetadata().getUid();
        Optional<RuntimeContainer> latest = container.get();
        if (latest.isEmpty()) {
            return true;
        }
        RuntimeContainer c = latest.get();
        // 2. A new container attempt starts over from the initial result and leaves any hold.
        if (!c.id().equals(containerId)) {
            if (containerId != null) {
                results.remove(type, containerId);
            }
            containerId = c.id();
            results.set(type, containerId, type.initial(), uid);
            lastResult = ProbeResult.UNKNOWN;
            resultRun = 0;
            onHold = false;
        }
        // 3. After a liveness or startup failure, wait for the restarted container.
        if (onHold) {
            return true;
        }
        // 4. A container that does not run fails; stop if it will never run again.
        if (!c.running()) {
            results.set(type, containerId, ProbeResult.FAILURE, uid);
            // Sidecars restart whatever the pod's policy.
            return !(c.exited() && PodSpecs.restartPolicy(current).equals("Never") && !PodSpecs.sidecar(spec.get()));
        }
        // 5. A pod being deleted: liveness and startup succeed and stop, readiness goes on.
        if (PodSpecs.deleting(current) && type != ProbeType.READINESS) {
            results.set(type, containerId, ProbeResult.SUCCESS, uid);
            return false;
        }
        // 6. Not before initialDelaySeconds.
        int delay = probe.get().getInitialDelaySeconds() == null ? 0 : probe.get().getInitialDelaySeconds();
        if (c.startedAt() != null && Duration.between(c.startedAt(), clock.now()).compareTo(Duration.ofSeconds(delay)) < 0) {
            return true;
        }
        // 7. Until the container has started only the startup probe runs; after that it rests.
        boolean started = spec.get().getStartupProbe() == null
                || results.get(ProbeType.STARTUP, containerId).orElse(ProbeResult.UNKNOWN) == ProbeResult.SUCCESS;
        if (started == (type == ProbeType.STARTUP)) {
            return true;
        }
        // 8. A probe sent to the pod's address waits until the pod has one: never to the node instead (k/k 1.32
        // pkg/kubelet/prober/prober.go runProbe sends it to status.PodIP; worker.go doProbe waits for a status).
        Optional<String> podIp = sandboxIp.get().or(() -> statusIp(current)).filter(ip -> !ip.isEmpty());
        if (podIp.isEmpty() && toPodAddress(probe.get())) {
            return true;
        }
        HandlerResult outcome = runner.run(probe.get(), spec.get(), containerId, podIp.orElse(""));
        if (outcome.outcome() == HandlerResult.Outcome.UNKNOWN) {
            return true;
        }
        ProbeResult result = outcome.succeeded() ? ProbeResult.SUCCESS : ProbeResult.FAILURE;
        if (result == ProbeResult.FAILURE) {
            events.warning(current, containerName, "Unhealthy", type.label() + " probe failed: " + outcome.message());
        }
        // 9. The result flips only after failureThreshold or successThreshold equal results in a row.
        if (result == lastResult) {
            resultRun++;
        } else {
            lastResult = result;
            resultRun = 1;
        }
        if (result == ProbeResult.FAILURE && resultRun < threshold(probe.get().getFailureThreshold(), 3)
                || result == ProbeResult.SUCCESS && resultRun < threshold(probe.get().getSuccessThreshold(), 1)) {
            return true;
        }
        results.set(type, containerId, result, uid);
        // 10. A liveness or startup failure gets the container restarted; hold until a new one appears.
        if (result == ProbeResult.FAILURE && type != ProbeType.READINESS) {
            onHold = true;
            resultRun = 0;
        }
        return true;
    }

    private static int threshold(Integer value, int fallback) {
        return value == null || value < 1 ? fallback : value;
    }

    private Optional<Container> spec(Pod p) {
        return PodSpecs.longRunning(p).stream().filter(c -> c.getName().equals(containerName)).findFirst();
    }

    private Optional<Probe> probe() {
        return spec(pod).map(c -> switch (type) {
            case LIVENESS -> c.getLivenessProbe();
            case READINESS -> c.getReadinessProbe();
            case STARTUP -> c.getStartupProbe();
        });
    }

    private static Optional<String> statusIp(Pod p) {
        return Optional.ofNullable(p.getStatus() == null ? null : p.getStatus().getPodIP());
    }

    /** Whether the probe goes to the pod's address: a gRPC probe, or an HTTP or TCP one that names no host. */
    private static boolean toPodAddress(Probe probe) {
        return probe.getGrpc() != null
                || probe.getHttpGet() != null && isBlank(probe.getHttpGet().getHost())
                || probe.getTcpSocket() != null && isBlank(probe.getTcpSocket().getHost());
    }

    private static boolean isBlank(String host) {
        return host == null || host.isEmpty();
    }
}
