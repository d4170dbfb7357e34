package skiff.controllers;

import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.controllers.nodelifecycle.NodeLifecycleOptions;
import skiff.controllers.podgc.PodGcController;

/**
 * Settings of the built-in controllers that {@code skiff server} takes from its command line.
 *
 * @param terminatedPodGcThreshold how many terminated pods may exist before the pod garbage collector deletes the
 *     oldest (k/k kube-controller-manager --terminated-pod-gc-threshold; 0 or less: never)
 * @param nodeIpam the cluster CIDR nodes get their pod CIDRs from
 */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle, int terminatedPodGcThreshold,
        NodeIpamOptions nodeIpam) {

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle) {
        this(nodeLifecycle, PodGcController.DEFAULT_TERMINATED_POD_THRESHOLD);
    }

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle, int terminatedPodGcThreshold) {
        this(nodeLifecycle, terminatedPodGcThreshold, NodeIpamOptions.defaults());
    }

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }
}
