package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import skiff.kubelet.runtime.PodRuntimeStatus;
import skiff.kubelet.runtime.RuntimeContainer;

/**
 * Decides what one sync of a pod does, from the desired pod, what the runtime has, the restart back-off and the
 * probes: pure, no I/O (after k/k pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions).
 */
public final class PodActionPlanner {
    private PodActionPlanner() {}

    /**
     * @param pod the pod as last seen in the API
     * @param removed the pod is gone from the API (force deletion): stop it without telling anyone
     */
    public static PodActions plan(Pod pod, boolean removed, PodRuntimeStatus runtime, BackoffWindows backoff,
            ContainerHealth health, Instant now) {
        return new Plan(pod, runtime, backoff, now).compute(removed, health);
    }

    /** One computation; mutable scratch space, never shared. */
    private static final class Plan {
        private final Pod pod;
        private final PodRuntimeStatus runtime;
        private final BackoffWindows backoff;
        private final Instant now;
        private final String policy;
        private final List<PodActions.ContainerStart> start = new ArrayList<>();
        private final List<PodActions.ContainerKill> kill = new ArrayList<>();
        private final Map<String, PodActions.Waiting> waiting = new LinkedHashMap<>();
        private Duration requeueAfter;

        Plan(Pod pod, PodRuntimeStatus runtime, BackoffWindows backoff, Instant now) {
            this.pod = pod;
            this.runtime = runtime;
            this.backoff = backoff;
            this.now = now;
            this.policy = PodSpecs.restartPolicy(pod);
        }

        PodActions compute(boolean removed, ContainerHealth health) {
            List<String> remove = oldAttempts();
            // 1. A deleted, force-deleted or terminal pod only stops: every running container gets the pod's grace
            //    period (docs pod-lifecycle.md "Pod Termination Flow"; a terminal phase never changes back, k/k
            //    pkg/kubelet/kubelet_pods.go generateAPIPodStatus). Sidecars stop after the regular containers, in
            //    reverse order (docs sidecar-containers.md): the syncer runs the kills in this order.
            if (removed || PodSpecs.deleting(pod) || PodSpecs.terminal(pod)) {
                Duration grace = GracePeriod.forPod(pod);
                String reason = removed || PodSpecs.deleting(pod) ? "pod is being deleted" : "pod has terminated";
                for (RuntimeContainer c : runtime.running()) {
                    if (!isSidecar(c.name())) {
                        kill.add(new PodActions.ContainerKill(c.id(), c.name(), grace, reason, true));
                    }
                }
                killSidecars(grace, reason);
                return new PodActions(false, List.of(), kill, remove, Map.of(), true, kill.isEmpty(),
                        Optional.empty());
            }
            boolean createSandbox = runtime.sandbox().isEmpty();
            // 2. Ephemeral containers start once each, before init containers and even while those have not
            //    finished, into an existing sandbox only, and are never restarted: one the runtime has no attempt of
            //    and the API shows no state for starts (k/k 1.32 computePodActions EphemeralContainersToStart,
            //    SyncPod step 5). They are stopped with the pod (rule 1), never for spec changes or probes (rule 3).
            if (!createSandbox) {
                planEphemeral();
            }
            // 3. A running container whose spec changed, or that failed its liveness or startup probe, is stopped
            //    and restarted whatever the policy (k/k computePodActions: changed hash, probe failure).
            Set<String> restarting = killUnwanted(health);
            // 4. Once every regular container has finished for good (restartPolicy Never or OnFailure), the
            //    sidecars stop, in reverse order, and nothing starts again (k/k computePodActions: KillPod when
            //    no regular container is kept or started).
            if (regularContainersDone(restarting)) {
                killSidecars(GracePeriod.forPod(pod), "all regular containers have terminated");
                return new PodActions(createSandbox, List.of(), kill, remove, Map.of(), false, false,
                        Optional.empty());
            }
            // 5. Init containers one at a time in order, each to success before the next, a sidecar only until it
            //    has started; regular containers wait until all are through (docs init-containers.md,
            //    sidecar-containers.md; k/k computeInitContainerActions).
            if (initialize(restarting, health)) {
                // 6. Regular containers start together, and restart per the pod's restart policy.
                for (Container c : PodSpecs.containers(pod)) {
                    if (!restarting.contains(c.getName())) {
                        planRegular(c);
                    }
                }
            }
            return new PodActions(createSandbox, start, kill, remove, waiting, false, false,
                    Optional.ofNullable(requeueAfter));
        }

        private void planEphemeral() {
            for (Container c : PodSpecs.ephemeralContainers(pod)) {
                boolean apiShowsRun = PodSpecs.apiEphemeralStatus(pod, c.getName())
                        .map(s -> s.getState() != null && (s.getState().getRunning() != null
                                || s.getState().getTerminated() != null))
                        .orElse(false);
                if (runtime.latest(c.getName()).isEmpty() && !apiShowsRun) {
                    start.add(new PodActions.ContainerStart(c.getName(), PodActions.Kind.EPHEMERAL, 0, "", false));
                }
            }
        }

        private boolean isSidecar(String name) {
            return PodSpecs.sidecars(pod).stream().anyMatch(c -> c.getName().equals(name));
        }

        /** Kills the running sidecars, last declared first. */
        private void killSidecars(Duration grace, String reason) {
            List<Container> sidecars = new ArrayList<>(PodSpecs.sidecars(pod));
            Collections.reverse(sidecars);
            for (Container c : sidecars) {
                runtime.latest(c.getName()).filter(RuntimeContainer::running).ifPresent(r -> kill.add(
                        new PodActions.ContainerKill(r.id(), c.getName(), grace, reason, true)));
            }
        }

        /** Under Never or OnFailure: every regular container has run and none will run again. */
        private boolean regularContainersDone(Set<String> restarting) {
            if (policy.equals("Always") || PodSpecs.sidecars(pod).isEmpty()) {
                return false;
            }
            for (Container c : PodSpecs.containers(pod)) {
                Optional<RuntimeContainer> latest = runtime.latest(c.getName());
                boolean done = latest.isPresent()
                        ? latest.get().exited() && !RestartRule.restarts(policy, latest.get())
                        : apiSaysFinished(c.getName());
                if (!done || restarting.contains(c.getName())) {
                    return false;
                }
            }
            return true;
        }

        private Set<String> killUnwanted(ContainerHealth health) {
            Set<String> restarting = new HashSet<>();
            Duration grace = GracePeriod.forPod(pod);
            List<Container> all = new ArrayList<>(PodSpecs.initContainers(pod));
            all.addAll(PodSpecs.containers(pod));
            for (Container c : all) {
                Optional<RuntimeContainer> latest = runtime.latest(c.getName()).filter(RuntimeContainer::running);
                if (latest.isEmpty()) {
                    continue;
                }
                Optional<String> reason = latest.get().specHash().equals(ContainerHash.of(c))
                        ? health.restartReason(latest.get().id())
                        : Optional.of("container spec changed");
                reason.ifPresent(r -> {
                    kill.add(new PodActions.ContainerKill(latest.get().id(), c.getName(), grace, r, true));
                    restarting.add(c.getName());
                });
            }
            return restarting;
        }

        /**
         * Plans the init containers; true when all regular ones have succeeded and all sidecars have started, so
         * regular containers may run. Once a regular container has run, only the sidecars are kept running.
         */
        private boolean initialize(Set<String> restarting, ContainerHealth health) {
            boolean initialized = PodSpecs.containers(pod).stream()
                    .anyMatch(c -> runtime.latest(c.getName()).isPresent());
            for (Container c : PodSpecs.initContainers(pod)) {
                if (PodSpecs.sidecar(c)) {
                    if (!keepSidecar(c, restarting, health) && !initialized) {
                        return false;
                    }
                    continue;
                }
                if (initialized) {
                    continue;
                }
                if (restarting.contains(c.getName())) {
                    return false;
                }
                Optional<RuntimeContainer> latest = runtime.latest(c.getName());
                if (latest.isEmpty()) {
                    if (apiSaysSucceeded(c.getName())) {
                        continue;
                    }
                    start.add(new PodActions.ContainerStart(c.getName(), PodActions.Kind.INIT,
                            nextAttempt(c.getName(), true), "", false));
                    return false;
                }
                RuntimeContainer last = latest.get();
                if (last.succeeded()) {
                    continue;
                }
                if (last.exited() && RestartRule.restartsInit(policy, last)) {
                    restartOrBackOff(c, last, true);
                }
                // Running, or failed for good under restartPolicy Never (the pod fails): nothing else starts.
                return false;
            }
            return true;
        }

        /**
         * Keeps a sidecar running: starts it, or restarts it after any exit whatever the pod's policy (with
         * back-off). True once it runs and has started (its startup probe passed; postStart ran with its start).
         */
        private boolean keepSidecar(Container c, Set<String> restarting, ContainerHealth health) {
            if (restarting.contains(c.getName())) {
                return false;
            }
            Optional<RuntimeContainer> latest = runtime.latest(c.getName());
            if (latest.isEmpty()) {
                start.add(new PodActions.ContainerStart(c.getName(), PodActions.Kind.INIT,
                        nextAttempt(c.getName(), true), "", false));
                return false;
            }
            RuntimeContainer last = latest.get();
            if (last.exited()) {
                restartOrBackOff(c, last, true);
                return false;
            }
            return health.started(pod.getMetadata().getUid(), c.getName(), last.id());
        }

        private void planRegular(Container c) {
            Optional<RuntimeContainer> latest = runtime.latest(c.getName());
            if (latest.isEmpty()) {
                if (!apiSaysFinished(c.getName())) {
                    start.add(new PodActions.ContainerStart(c.getName(), PodActions.Kind.REGULAR,
                            nextAttempt(c.getName(), false), "", false));
                }
                return;
            }
            RuntimeContainer last = latest.get();
            if (last.exited() && RestartRule.restarts(policy, last)) {
                restartOrBackOff(c, last, false);
            }
        }

        // k/k kuberuntime_manager.go doBackOff: a restart waits until the container's back-off window, counted from
        // its exit, has passed; meanwhile the container shows Waiting/CrashLoopBackOff.
        private void restartOrBackOff(Container c, RuntimeContainer last, boolean init) {
            String key = RestartBackoff.key(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    pod.getMetadata().getUid(), c.getName(), ContainerHash.of(c));
            Instant finishedAt = last.finishedAt() == null ? now : last.finishedAt();
            Optional<Duration> window = backoff.window(key, finishedAt);
            if (window.isPresent() && now.isBefore(finishedAt.plus(window.get()))) {
                waiting.put(c.getName(), new PodActions.Waiting("CrashLoopBackOff",
                        "back-off " + GoDuration.format(window.get()) + " restarting failed container=" + c.getName()
                                + " pod=" + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
                                + "(" + pod.getMetadata().getUid() + ")"));
                Duration left = Duration.between(now, finishedAt.plus(window.get()));
                requeueAfter = requeueAfter == null || left.compareTo(requeueAfter) < 0 ? left : requeueAfter;
                return;
            }
            start.add(new PodActions.ContainerStart(c.getName(), init ? PodActions.Kind.INIT : PodActions.Kind.REGULAR,
                    last.attempt() + 1, key, true));
        }

        // k/k kuberuntime_manager.go computePodActions: when the runtime lost a container (a restart of the node or
        // runtime), the restart count continues from the one the API last showed.
        private int nextAttempt(String name, boolean init) {
            Optional<ContainerStatus> status = PodSpecs.apiStatus(pod, name, init);
            if (status.isEmpty() || status.get().getRestartCount() == null) {
                return 0;
            }
            ContainerStatus s = status.get();
            boolean ranBefore = s.getState() != null
                    && (s.getState().getRunning() != null || s.getState().getTerminated() != null)
                    || s.getLastState() != null && s.getLastState().getTerminated() != null;
            return ranBefore ? s.getRestartCount() + 1 : 0;
        }

        /** An init container the runtime no longer knows but the API shows as succeeded (after a restart). */
        private boolean apiSaysSucceeded(String name) {
            return PodSpecs.apiStatus(pod, name, true)
                    .map(s -> s.getState() != null && s.getState().getTerminated() != null
                            && s.getState().getTerminated().getExitCode() == 0)
                    .orElse(false);
        }

        /** A regular container the runtime no longer knows but the API shows as finished for good. */
        private boolean apiSaysFinished(String name) {
            return PodSpecs.apiStatus(pod, name, false)
                    .map(s -> s.getState() != null && s.getState().getTerminated() != null
                            && !RestartRule.restarts(policy, s.getState().getTerminated().getExitCode()))
                    .orElse(false);
        }

        // k/k pkg/kubelet/kuberuntime/kuberuntime_gc.go: per container only the newest dead attempts are kept; here
        // the current attempt and the one before it (the source of lastState).
        private List<String> oldAttempts() {
            List<String> remove = new ArrayList<>();
            Set<String> names = new HashSet<>();
            runtime.containers().forEach(c -> names.add(c.name()));
            for (String name : names) {
                runtime.attempts(name).stream().skip(2).filter(RuntimeContainer::exited)
                        .forEach(c -> remove.add(c.id()));
            }
            remove.sort(null);
            return remove;
        }
    }
}
