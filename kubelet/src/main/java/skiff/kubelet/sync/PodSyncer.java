package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.kubelet.config.ApiObjects;
import skiff.kubelet.config.ContainerConfigs;
import skiff.kubelet.config.NodeSettings;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.config.SandboxConfigs;
import skiff.kubelet.event.EventRecorder;
import skiff.kubelet.images.ImageManager;
import skiff.kubelet.images.ImageResult;
import skiff.kubelet.images.PullSecrets;
import skiff.kubelet.lifecycle.HandlerResult;
import skiff.kubelet.lifecycle.LifecycleHooks;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.PodRuntimeStatus;
import skiff.kubelet.runtime.RuntimeContainer;
import skiff.kubelet.runtime.Sandbox;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.StartResult;
import skiff.kubelet.runtime.VolumeConfig;

/**
 * Carries out a {@link PodActions} plan through the runtime and reports what happened (after k/k
 * pkg/kubelet/kuberuntime/kuberuntime_manager.go SyncPod):
 *
 * <ol>
 *   <li>stop the containers to kill, concurrently, each after its preStop hook;
 *   <li>remove exited attempts no longer needed;
 *   <li>create the sandbox if there is none;
 *   <li>start the ephemeral containers due;
 *   <li>start the init container due, if any;
 *   <li>start the regular containers due, each followed by its postStart hook.
 * </ol>
 */
public final class PodSyncer {
    private static final Logger LOG = LoggerFactory.getLogger(PodSyncer.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    private final ContainerRuntime runtime;
    private final RestartBackoff backoff;
    private final LifecycleHooks hooks;
    private final EventRecorder events;
    private final ApiObjects objects;
    private final Clock clock;
    private final String hostIp;
    private final NodeSettings node;
    private final ImageManager images;
    private final PullSecrets pullSecrets;

    public PodSyncer(ContainerRuntime runtime, RestartBackoff backoff, LifecycleHooks hooks, EventRecorder events,
            ApiObjects objects, Clock clock, String hostIp) {
        this(runtime, backoff, hooks, events, objects, clock, hostIp, NodeSettings.defaults(), null);
    }

    /** @param images null for a runtime that runs no images */
    public PodSyncer(ContainerRuntime runtime, RestartBackoff backoff, LifecycleHooks hooks, EventRecorder events,
            ApiObjects objects, Clock clock, String hostIp, NodeSettings node, ImageManager images) {
        this.node = node;
        this.images = images;
        this.pullSecrets = new PullSecrets(objects, events);
        this.runtime = runtime;
        this.backoff = backoff;
        this.hooks = hooks;
        this.events = events;
        this.objects = objects;
        this.clock = clock;
        this.hostIp = hostIp;
    }

    /** Where the pod's events go, for the decisions {@link PodSync} takes before a plan. */
    EventRecorder events() {
        return events;
    }

    public PodSyncResult apply(Pod pod, PodActions actions, PodRuntimeStatus before) {
        Map<String, PodActions.Waiting> waiting = new LinkedHashMap<>();
        // Step 1: stop what must stop.
        killAll(pod, actions.kill(), before);
        // Step 2: forget old attempts.
        actions.remove().forEach(runtime::removeContainer);
        for (Map.Entry<String, PodActions.Waiting> w : actions.waiting().entrySet()) {
            if (w.getValue().reason().equals("CrashLoopBackOff")) {
                events.warning(pod, w.getKey(), "BackOff", "Back-off restarting failed container " + w.getKey()
                        + " in pod " + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                        + pod.getMetadata().getUid() + ")");
            }
        }
        if (!actions.stopping() && !actions.createSandbox()) {
            before.sandbox().ifPresent(sandbox -> updateVolumes(pod, sandbox));
        }
        if (actions.stopping() || actions.start().isEmpty() && !actions.createSandbox()) {
            return new PodSyncResult(waiting, Optional.empty());
        }
        // Step 3: the sandbox.
        Optional<Sandbox> sandbox = actions.createSandbox() ? createSandbox(pod, waiting) : before.sandbox();
        if (sandbox.isEmpty()) {
            return new PodSyncResult(waiting, Optional.of(RETRY_AFTER_FAILURE));
        }
        // Steps 4 to 6: containers, ephemeral ones, then the init container (the planner never mixes it with regular
        // ones).
        boolean failed = false;
        for (PodActions.ContainerStart start : actions.start()) {
            failed |= !start(pod, sandbox.get(), start, before, waiting);
        }
        return new PodSyncResult(waiting, failed ? Optional.of(RETRY_AFTER_FAILURE) : Optional.empty());
    }

    private Optional<Sandbox> createSandbox(Pod pod, Map<String, PodActions.Waiting> waiting) {
        ContainerConfigs.Context ctx = new ContainerConfigs.Context(pod, "127.0.0.1", hostIp, objects, node);
        // k/k pkg/kubelet/network/dns/dns.go: DNS configuration problems are warning events on the pod; those k/k
        // records on the node are logged here.
        Resolved<SandboxConfig> config = SandboxConfigs.of(ctx, w -> {
            if (w.onNode()) {
                LOG.warn("{}: {}", w.reason(), w.message());
            } else {
                events.warning(pod, null, w.reason(), w.message());
            }
        });
        if (config instanceof Resolved.Invalid<SandboxConfig> invalid) {
            events.warning(pod, null, "FailedMount", invalid.message());
            waitAll(pod, waiting, new PodActions.Waiting(invalid.reason(), invalid.message()));
            return Optional.empty();
        }
        try {
            return Optional.of(runtime.createSandbox(((Resolved.Ok<SandboxConfig>) config).value()));
        } catch (RuntimeException e) {
            LOG.warn("sandbox creation failed pod={}", PodSpecs.key(pod), e);
            events.warning(pod, null, "FailedCreatePodSandBox", "Failed to create pod sandbox: " + e.getMessage());
            waitAll(pod, waiting, new PodActions.Waiting("ContainerCreating", e.getMessage()));
            return Optional.empty();
        }
    }

    // k/k pkg/kubelet/volumemanager (1.32): configMap, secret, downwardAPI and projected volumes require a remount,
    // so every sync of a running pod writes their current contents (the atomic writer skips an unchanged payload);
    // a source that cannot be read leaves the former contents and is reported as FailedMount.
    private void updateVolumes(Pod pod, Sandbox sandbox) {
        ContainerConfigs.Context ctx = new ContainerConfigs.Context(pod, sandbox.ip(), hostIp, objects, node);
        for (Map.Entry<String, Resolved<VolumeConfig.Files>> v : SandboxConfigs.fileVolumes(ctx).entrySet()) {
            switch (v.getValue()) {
                case Resolved.Ok<VolumeConfig.Files> ok -> {
                    try {
                        if (runtime.updateVolume(pod.getMetadata().getUid(), ok.value())) {
                            LOG.info("volume updated pod={} volume={}", PodSpecs.key(pod), v.getKey());
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("cannot update volume pod={} volume={}", PodSpecs.key(pod), v.getKey(), e);
                        events.warning(pod, null, "FailedMount", "MountVolume.SetUp failed for volume \""
                                + v.getKey() + "\" : " + e.getMessage());
                    }
                }
                case Resolved.Invalid<VolumeConfig.Files> invalid ->
                        events.warning(pod, null, "FailedMount", invalid.message());
            }
        }
    }

    private static void waitAll(Pod pod, Map<String, PodActions.Waiting> waiting, PodActions.Waiting why) {
        PodSpecs.initContainers(pod).forEach(c -> waiting.put(c.getName(), why));
        PodSpecs.containers(pod).forEach(c -> waiting.put(c.getName(), why));
    }

    private boolean start(Pod pod, Sandbox sandbox, PodActions.ContainerStart start, PodRuntimeStatus before,
            Map<String, PodActions.Waiting> waiting) {
        List<Container> specs = switch (start.kind()) {
            case INIT -> PodSpecs.initContainers(pod);
            case REGULAR -> PodSpecs.containers(pod);
            case EPHEMERAL -> PodSpecs.ephemeralContainers(pod);
        };
        Container spec = specs.stream().filter(c -> c.getName().equals(start.name())).findFirst().orElseThrow();
        ContainerConfigs.Context ctx = new ContainerConfigs.Context(pod, sandbox.ip(), hostIp, objects, node);
        Resolved<ContainerConfig> config = ContainerConfigs.of(ctx, spec, start.attempt(), ContainerHash.of(spec),
                start.kind() == PodActions.Kind.EPHEMERAL ? PodSpecs.targetContainer(pod, spec.getName()) : "");
        if (config instanceof Resolved.Invalid<ContainerConfig> invalid) {
            events.warning(pod, start.name(), "Failed", "Error: " + invalid.message());
            waiting.put(start.name(), new PodActions.Waiting(invalid.reason(), invalid.message()));
            return false;
        }
        // k/k pkg/kubelet/kuberuntime/kuberuntime_container.go startContainer: the image first (EnsureImageExists).
        if (images != null
                && images.ensureImageExists(pod, spec, pullSecrets.forPod(pod)) instanceof ImageResult.Waiting w) {
            waiting.put(start.name(), new PodActions.Waiting(w.reason(), w.message()));
            return false;
        }
        if (start.restart()) {
            Instant finishedAt = before.latest(start.name()).map(RuntimeContainer::finishedAt).orElse(clock.now());
            backoff.next(start.backoffKey(), finishedAt == null ? clock.now() : finishedAt);
        }
        StartResult result = runtime.startContainer(sandbox, ((Resolved.Ok<ContainerConfig>) config).value());
        switch (result) {
            case StartResult.Started s -> {
                events.normal(pod, start.name(), "Created", "Created container " + start.name());
                events.normal(pod, start.name(), "Started", "Started container " + start.name());
                return postStart(pod, spec, s.containerId(), sandbox);
            }
            case StartResult.Failed f -> {
                events.warning(pod, start.name(), "Failed", "Error: " + f.message());
                waiting.put(start.name(), new PodActions.Waiting(f.reason(), f.message()));
                return false;
            }
        }
    }

    // docs container-lifecycle-hooks.md: the container is not Running before its postStart hook completed (the
    // status is written after this sync); a failed hook kills the container, which then restarts per its policy.
    private boolean postStart(Pod pod, Container spec, String containerId, Sandbox sandbox) {
        Optional<HandlerResult> hook = hooks.postStart(spec, containerId, sandbox.ip());
        if (hook.isEmpty() || hook.get().succeeded()) {
            return true;
        }
        events.warning(pod, spec.getName(), "FailedPostStartHook", "PostStartHook failed: " + hook.get().message());
        runtime.stopContainer(containerId, GracePeriod.forPod(pod));
        return true;
    }

    private void killAll(Pod pod, List<PodActions.ContainerKill> kills, PodRuntimeStatus before) {
        if (kills.isEmpty()) {
            return;
        }
        long started = clock.nanoTime();
        // docs pod-lifecycle.md "Pod Termination Flow": containers get the stop signal concurrently, except
        // sidecars, which stop once the regular containers have, one after the other in the plan's (reverse)
        // order, within what is left of the grace period (k/k kuberuntime_container.go killContainersWithSyncResult).
        List<PodActions.ContainerKill> sidecars = kills.stream().filter(k -> isSidecar(pod, k.name())).toList();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PodActions.ContainerKill kill : kills) {
                if (!sidecars.contains(kill)) {
                    pool.execute(() -> kill(pod, kill, before));
                }
            }
        }
        for (PodActions.ContainerKill kill : sidecars) {
            Duration left = kill.grace().minus(Duration.ofNanos(clock.nanoTime() - started));
            kill(pod, new PodActions.ContainerKill(kill.containerId(), kill.name(),
                    left.compareTo(GracePeriod.MINIMUM_AFTER_PRE_STOP) < 0 ? GracePeriod.MINIMUM_AFTER_PRE_STOP : left,
                    kill.reason(), kill.runPreStop()), before);
        }
    }

    // k/k pkg/kubelet/pod_workers.go UpdatePod: a grace period shortened during termination cancels the running
    // SyncTerminatingPod, which starts again with the shorter one: each container is killed again (a Killing event,
    // StopContainer with the new timeout, at least minimumGracePeriodInSeconds).
    /** Stops {@code running} again with the pod's (now shorter) grace period, concurrently; the preStop hook is over. */
    void stopAgain(Pod pod, List<RuntimeContainer> running) {
        Duration shorter = GracePeriod.forPod(pod);
        Duration grace = shorter.compareTo(GracePeriod.MINIMUM_AFTER_PRE_STOP) < 0
                ? GracePeriod.MINIMUM_AFTER_PRE_STOP : shorter;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (RuntimeContainer c : running) {
                pool.execute(() -> {
                    events.normal(pod, c.name(), "Killing", "Stopping container " + c.name());
                    LOG.info("stopping container again with a shorter grace period pod={} container={} grace={}s",
                            PodSpecs.key(pod), c.name(), grace.toSeconds());
                    runtime.stopContainer(c.id(), grace);
                });
            }
        }
    }

    private static boolean isSidecar(Pod pod, String name) {
        return PodSpecs.sidecars(pod).stream().anyMatch(c -> c.getName().equals(name));
    }

    private void kill(Pod pod, PodActions.ContainerKill kill, PodRuntimeStatus before) {
        events.normal(pod, kill.name(), "Killing", kill.reason().startsWith("failed ")
                ? "Container " + kill.name() + " " + kill.reason() + ", will be restarted"
                : "Stopping container " + kill.name());
        Duration grace = kill.grace();
        Optional<Container> spec = specOf(pod, kill.name());
        if (kill.runPreStop() && spec.isPresent() && !grace.isZero()) {
            long started = clock.nanoTime();
            String podIp = before.sandbox().map(Sandbox::ip).orElse("127.0.0.1");
            Optional<HandlerResult> hook = hooks.preStop(spec.get(), kill.containerId(), podIp, grace);
            if (hook.isPresent()) {
                if (!hook.get().succeeded()) {
                    // k/k v1.32 kuberuntime_container.go executePreStopHook: the event does not carry the hook's
                    // message, so that no secret leaks from the node; the log does.
                    LOG.info("preStop hook failed pod={} container={}: {}", PodSpecs.key(pod), kill.name(),
                            hook.get().message());
                    events.warning(pod, kill.name(), "FailedPreStopHook", "PreStopHook failed");
                }
                grace = GracePeriod.afterPreStop(grace, Duration.ofNanos(clock.nanoTime() - started));
            }
        }
        LOG.info("stopping container pod={} container={} grace={}s reason={}", PodSpecs.key(pod), kill.name(),
                grace.toSeconds(), kill.reason());
        runtime.stopContainer(kill.containerId(), grace);
    }

    private static Optional<Container> specOf(Pod pod, String name) {
        List<Container> all = new ArrayList<>(PodSpecs.initContainers(pod));
        all.addAll(PodSpecs.containers(pod));
        return all.stream().filter(c -> c.getName().equals(name)).findFirst();
    }
}
