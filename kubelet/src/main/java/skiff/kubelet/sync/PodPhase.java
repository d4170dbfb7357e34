package skiff.kubelet.sync;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Optional;

/** A pod's phase from its container statuses (k/k pkg/kubelet/kubelet_pods.go getPhase). */
public final class PodPhase {
    private PodPhase() {}

    /**
     * @param podIsTerminal the pod is being stopped and nothing will start again: a stopped pod then ends Succeeded
     *     or Failed by exit codes whatever its restart policy
     */
    public static String of(PodSpec spec, String restartPolicy, List<ContainerStatus> initStatuses,
            List<ContainerStatus> statuses, boolean podIsTerminal) {
        int pendingInit = 0;
        int pendingSidecars = 0;
        int failedInit = 0;
        int unknown = 0;
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (Container c : spec.getInitContainers() == null ? List.<Container>of() : spec.getInitContainers()) {
            Optional<ContainerStatus> s = find(initStatuses, c.getName());
            if (PodSpecs.sidecar(c)) {
                // A sidecar counts as running while it runs and is pending until it has started; its exits do not
                // count (k/k getPhase).
                if (s.isEmpty()) {
                    unknown++;
                } else if (s.get().getState() == null) {
                    pendingSidecars++;
                    unknown++;
                } else if (s.get().getState().getRunning() != null) {
                    if (!Boolean.TRUE.equals(s.get().getStarted())) {
                        pendingSidecars++;
                    }
                    running++;
                } else if (s.get().getState().getWaiting() != null && !lastTerminated(s.get())) {
                    pendingSidecars++;
                    waiting++;
                }
                continue;
            }
            if (s.isEmpty() || s.get().getState() == null) {
                pendingInit++;
            } else if (s.get().getState().getRunning() != null) {
                pendingInit++;
            } else if (s.get().getState().getTerminated() != null) {
                if (s.get().getState().getTerminated().getExitCode() != 0) {
                    failedInit++;
                }
            } else if (lastTerminated(s.get())) {
                if (s.get().getLastState().getTerminated().getExitCode() != 0) {
                    failedInit++;
                }
            } else {
                pendingInit++;
            }
        }
        boolean hasInitialized = false;
        for (Container c : spec.getContainers()) {
            Optional<ContainerStatus> s = find(statuses, c.getName());
            if (s.isEmpty() || s.get().getState() == null) {
                unknown++;
            } else if (s.get().getState().getRunning() != null) {
                running++;
                hasInitialized = true;
            } else if (s.get().getState().getTerminated() != null) {
                stopped++;
                hasInitialized = true;
                if (s.get().getState().getTerminated().getExitCode() == 0) {
                    succeeded++;
                }
            } else if (s.get().getState().getWaiting() != null) {
                // A waiting container that ran before counts as stopped, not as never started.
                if (lastTerminated(s.get())) {
                    stopped++;
                    hasInitialized = true;
                } else {
                    waiting++;
                }
            } else {
                unknown++;
            }
        }
        // 1. A failed init container under restartPolicy Never fails the pod.
        if (failedInit > 0 && restartPolicy.equals("Never")) {
            return "Failed";
        }
        // 2. Init containers still to run (sidecars only until a regular container has run), or a container never
        //    started: Pending.
        if (pendingInit > 0 || pendingSidecars > 0 && !hasInitialized || waiting > 0) {
            return "Pending";
        }
        // 3. Something runs and nothing is unknown: Running.
        if (running > 0 && unknown == 0) {
            return "Running";
        }
        // 4. Everything stopped: terminal by exit codes when the pod is over, else per the restart policy.
        if (running == 0 && stopped > 0 && unknown == 0) {
            if (podIsTerminal) {
                return stopped == succeeded ? "Succeeded" : "Failed";
            }
            if (restartPolicy.equals("Always")) {
                return "Running";
            }
            if (stopped == succeeded) {
                return "Succeeded";
            }
            return restartPolicy.equals("Never") ? "Failed" : "Running";
        }
        // 5. Anything else.
        return "Pending";
    }

    private static boolean lastTerminated(ContainerStatus s) {
        return s.getLastState() != null && s.getLastState().getTerminated() != null;
    }

    private static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
        return statuses.stream().filter(s -> name.equals(s.getName())).findFirst();
    }
}
