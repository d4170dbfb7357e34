package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.kubelet.runtime.PodRuntimeStatus;
import skiff.kubelet.runtime.RuntimeContainer;

/**
 * API container statuses from runtime attempts (k/k pkg/kubelet/kubelet_pods.go convertToAPIContainerStatuses):
 * the newest attempt is the state, the one before it the last state, the attempt number the restart count.
 */
final class ContainerStatuses {
    // k/k kubelet_pods.go: a container that cannot be found when its pod is terminated is reported terminated
    // with 137 and this reason.
    private static final String UNKNOWN_REASON = "ContainerStatusUnknown";

    private final Pod pod;
    private final PodRuntimeStatus runtime;
    private final Map<String, PodActions.Waiting> waiting;
    private final ContainerReadiness readiness;
    private final String runtimeType;
    private final boolean podIsTerminal;

    ContainerStatuses(Pod pod, PodRuntimeStatus runtime, Map<String, PodActions.Waiting> waiting,
            ContainerReadiness readiness, String runtimeType, boolean podIsTerminal) {
        this.pod = pod;
        this.runtime = runtime;
        this.waiting = waiting;
        this.readiness = readiness;
        this.runtimeType = runtimeType;
        this.podIsTerminal = podIsTerminal;
    }

    List<ContainerStatus> of(List<Container> containers, boolean init) {
        int lastAttempted = init ? lastAttempted(containers) : -1;
        boolean initialized = !init && initialized();
        List<ContainerStatus> out = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            // k/k 1.32 pkg/kubelet/status/status_manager.go TerminatePod: when the pod ends, a container the runtime
            // does not have counts as lost only if it should have run: a regular container once the pod has
            // initialized (hasPodInitialized), an init container up to the last one that ever started
            // (initializedContainers). Until then the failed init container says why the pod failed.
            boolean lost = podIsTerminal && (init ? i <= lastAttempted : initialized);
            out.add(statusOf(c, init, PodSpecs.apiStatus(pod, c.getName(), init), lost));
        }
        return out;
    }

    /** k/k status_manager.go hasPodInitialized, from the runtime's attempts as well as the API's statuses. */
    private boolean initialized() {
        List<Container> inits = PodSpecs.initContainers(pod);
        if (inits.isEmpty()) {
            return true;
        }
        for (Container c : PodSpecs.containers(pod)) {
            if (attempted(c, false)) {
                return true;
            }
        }
        Container last = inits.getLast();
        Optional<RuntimeContainer> attempt = runtime.latest(last.getName());
        if (PodSpecs.sidecar(last)) {
            return attempt.filter(RuntimeContainer::running)
                    .filter(a -> readiness.started(a.podUid(), a.name(), a.id())).isPresent();
        }
        if (attempt.filter(RuntimeContainer::succeeded).isPresent()) {
            return true;
        }
        return PodSpecs.apiStatus(pod, last.getName(), true)
                .filter(s -> succeeded(s.getState()) || succeeded(s.getLastState())).isPresent();
    }

    /** The index of the last init container that ever started, or 0 when none did. */
    private int lastAttempted(List<Container> inits) {
        for (int i = inits.size() - 1; i >= 0; i--) {
            if (attempted(inits.get(i), true)) {
                return i;
            }
        }
        return 0;
    }

    // A container out of its waiting state, or with a termination behind it.
    private boolean attempted(Container c, boolean init) {
        if (runtime.latest(c.getName()).isPresent()) {
            return true;
        }
        return PodSpecs.apiStatus(pod, c.getName(), init).filter(s -> s.getState() != null
                && s.getState().getWaiting() == null
                || s.getLastState() != null && s.getLastState().getTerminated() != null).isPresent();
    }

    private static boolean succeeded(ContainerState state) {
        return state != null && state.getTerminated() != null && state.getTerminated().getExitCode() != null
                && state.getTerminated().getExitCode() == 0;
    }

    /**
     * Ephemeral containers' statuses: as other containers', but never ready nor started, which only the prober sets
     * and which does not look at them (k/k 1.32 pkg/kubelet/prober/prober_manager.go UpdatePodStatus).
     */
    List<ContainerStatus> ofEphemeral(List<Container> containers) {
        List<ContainerStatus> out = new ArrayList<>();
        for (Container c : containers) {
            ContainerStatus s = statusOf(c, false, PodSpecs.apiEphemeralStatus(pod, c.getName()), podIsTerminal);
            s.setReady(false);
            s.setStarted(null);
            out.add(s);
        }
        return out;
    }

    private ContainerStatus statusOf(Container c, boolean init, Optional<ContainerStatus> api, boolean lost) {
        Optional<RuntimeContainer> latest = runtime.latest(c.getName());
        if (latest.isEmpty()) {
            return withoutAttempt(c, api, lost);
        }
        RuntimeContainer last = latest.get();
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.getName()).withImage(image(c))
                .withImageID(imageId(c)).withContainerID(containerId(last)).withRestartCount(last.attempt());
        PodActions.Waiting wait = waiting.get(c.getName());
        ContainerStateTerminated previous = runtime.previous(c.getName()).filter(RuntimeContainer::exited)
                .map(this::terminated).orElseGet(() -> lostPrevious(last, api));
        if (last.running()) {
            b.withState(new ContainerStateBuilder().withNewRunning().withStartedAt(time(last.startedAt()))
                    .endRunning().build());
            // k/k pkg/kubelet/prober/prober_manager.go UpdatePodStatus (1.32): readiness counts only once the
            // container has started (its startup probe passed); a regular init container is not ready while it runs.
            boolean started = readiness.started(last.podUid(), last.name(), last.id());
            boolean mayBeReady = started && (!init || PodSpecs.sidecar(c));
            b.withReady(mayBeReady && readiness.ready(last.podUid(), last.name(), last.id())).withStarted(started);
            b.withLastState(lastState(previous));
        } else if (wait != null && !podIsTerminal) {
            b.withState(waitingState(wait.reason(), wait.message()));
            b.withLastState(lastState(terminated(last)));
            b.withReady(false).withStarted(false);
        } else {
            b.withState(new ContainerStateBuilder().withTerminated(terminated(last)).build());
            b.withLastState(lastState(previous));
            // k/k kubelet_pods.go: a regular init container that completed counts as ready; a sidecar does not.
            b.withReady(init && last.succeeded() && !PodSpecs.sidecar(c)).withStarted(false);
        }
        return b.build();
    }

    /**
     * The last state when the runtime no longer has the attempt before this one (a restart of Skiff): what the API
     * showed of it. A container the API showed running was lost (k/k kubelet_pods.go convertToAPIContainerStatuses
     * reports such a container terminated, 137, ContainerStatusUnknown).
     */
    private ContainerStateTerminated lostPrevious(RuntimeContainer last, Optional<ContainerStatus> api) {
        if (api.isEmpty() || api.get().getState() == null) {
            return null;
        }
        ContainerStatus s = api.get();
        if (containerId(last).equals(s.getContainerID())) {
            return s.getLastState() == null ? null : s.getLastState().getTerminated();
        }
        if (s.getState().getTerminated() != null) {
            return s.getState().getTerminated();
        }
        if (s.getState().getRunning() != null) {
            return new ContainerStateTerminatedBuilder().withExitCode(137).withReason(UNKNOWN_REASON)
                    .withMessage("The container could not be located when the pod was restarted")
                    .withStartedAt(s.getState().getRunning().getStartedAt()).withContainerID(s.getContainerID())
                    .build();
        }
        return s.getLastState() == null ? null : s.getLastState().getTerminated();
    }

    private ContainerStatus withoutAttempt(Container c, Optional<ContainerStatus> api, boolean lost) {
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(c.getName()).withImage(image(c))
                .withImageID("").withReady(false).withStarted(false)
                .withRestartCount(api.map(ContainerStatus::getRestartCount).orElse(0));
        api.map(ContainerStatus::getLastState).ifPresent(b::withLastState);
        // The runtime lost a container that had finished (a restart of Skiff): keep what the API showed.
        if (api.isPresent() && api.get().getState() != null && api.get().getState().getTerminated() != null) {
            return b.withState(api.get().getState()).withContainerID(api.get().getContainerID())
                    .withImageID(api.get().getImageID()).build();
        }
        if (lost) {
            return b.withState(new ContainerStateBuilder().withNewTerminated().withExitCode(137)
                    .withReason(UNKNOWN_REASON)
                    .withMessage("The container could not be located when the pod was terminated").endTerminated()
                    .build()).build();
        }
        PodActions.Waiting wait = waiting.get(c.getName());
        if (wait != null) {
            return b.withState(waitingState(wait.reason(), wait.message())).build();
        }
        // k/k kubelet_pods.go convertToAPIContainerStatuses: containers not created yet wait with ContainerCreating,
        // or PodInitializing when the pod has init containers.
        boolean hasInit = !PodSpecs.initContainers(pod).isEmpty();
        return b.withState(waitingState(hasInit ? "PodInitializing" : "ContainerCreating", null)).build();
    }

    private ContainerStateTerminated terminated(RuntimeContainer c) {
        return new ContainerStateTerminatedBuilder().withExitCode(c.exitCode()).withReason(c.reason())
                .withMessage(c.message() == null || c.message().isEmpty() ? null : c.message())
                .withStartedAt(time(c.startedAt())).withFinishedAt(time(c.finishedAt()))
                .withContainerID(containerId(c)).build();
    }

    private static ContainerState lastState(ContainerStateTerminated terminated) {
        return terminated == null ? new ContainerState() : new ContainerStateBuilder().withTerminated(terminated)
                .build();
    }

    private static ContainerState waitingState(String reason, String message) {
        return new ContainerStateBuilder().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .build();
    }

    private String containerId(RuntimeContainer c) {
        return runtimeType + "://" + c.id();
    }

    private static String image(Container c) {
        return c.getImage() == null ? "" : c.getImage();
    }

    /** No image is pulled by the process runtime; the image ID names the runtime and the image reference. */
    private String imageId(Container c) {
        return runtimeType + "://" + image(c);
    }

    static String time(java.time.Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
