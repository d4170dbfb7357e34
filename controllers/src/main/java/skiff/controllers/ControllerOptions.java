package skiff.controllers;

import skiff.controllers.nodelifecycle.NodeLifecycleOptions;
import skiff.controllers.podgc.PodGcController;

/**
 * Settings of the built-in controllers that {@code skiff server} takes from its command line.
 *
 * @param terminatedPodGcThreshold how many terminated pods may exist before the pod garbage collector deletes the
 *     oldest (k/k kube-controller-manager --terminated-pod-gc-threshold; 0 or less: never)
 */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle, int terminatedPodGcThreshold) {

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle) {
        this(nodeLifecycle, PodGcController.DEFAULT_TERMINATED_POD_THRESHOLD);
    }

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }
}
