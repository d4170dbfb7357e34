package skiff.kubelet.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one sync of a pod must do, computed by {@link PodActionPlanner} and carried out by {@link PodSyncer}
 * (after k/k pkg/kubelet/kuberuntime/kuberuntime_manager.go podActions).
 *
 * @param createSandbox the pod has no sandbox yet
 * @param start containers to start now: ephemeral ones first, then init containers (at most one), then regular ones
 * @param kill running containers to stop
 * @param remove exited attempts no longer needed for status (older than the last two of a container)
 * @param waiting why containers that are not started are waiting, by container name
 * @param stopping the pod as a whole is being stopped (deleted, or terminal in the API): nothing starts again
 * @param stopped the pod is stopping and none of its containers runs any more
 * @param requeueAfter when to sync again without any outside trigger (end of a back-off)
 */
public record PodActions(boolean createSandbox, List<ContainerStart> start, List<ContainerKill> kill,
        List<String> remove, Map<String, Waiting> waiting, boolean stopping, boolean stopped,
        Optional<Duration> requeueAfter) {

    public PodActions {
        start = List.copyOf(start);
        kill = List.copyOf(kill);
        remove = List.copyOf(remove);
        waiting = Map.copyOf(waiting);
    }

    /** Which list of the pod's spec a container is in. */
    public enum Kind { INIT, REGULAR, EPHEMERAL }

    /** Start one attempt of a container. {@code backoffKey} is recorded when it is a restart. */
    public record ContainerStart(String name, Kind kind, int attempt, String backoffKey, boolean restart) {

        public boolean init() {
            return kind == Kind.INIT;
        }
    }

    /**
     * Stop a running container.
     *
     * @param runPreStop run the container's preStop hook first, within the grace period
     */
    public record ContainerKill(String containerId, String name, Duration grace, String reason, boolean runPreStop) {}

    /** A container's waiting reason and message, e.g. CrashLoopBackOff. */
    public record Waiting(String reason, String message) {}

    public boolean isEmpty() {
        return !createSandbox && start.isEmpty() && kill.isEmpty() && remove.isEmpty();
    }
}
