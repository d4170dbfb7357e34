package skiff.kubelet.sync;

import java.util.Optional;

/** What the probes say about running containers, as the planner consults it. */
@FunctionalInterface
public interface ContainerHealth {

    /** Why a running container must be restarted (a failed liveness or startup probe), if it must. */
    Optional<String> restartReason(String containerId);

    /** Whether a running container has started; without a startup probe, running means started. */
    default boolean started(String podUid, String containerName, String containerId) {
        return true;
    }

    ContainerHealth ALL_HEALTHY = id -> Optional.empty();
}
