package skiff.controllers;

import java.time.Duration;
import java.util.Optional;
import skiff.controllers.certificates.signer.ClusterSigningCa;
import skiff.controllers.certificates.signer.CsrSigningController;
import skiff.controllers.endpointslice.EndpointSliceController;
import skiff.controllers.nodeipam.NodeIpamOptions;
import skiff.controllers.nodelifecycle.NodeLifecycleOptions;
import skiff.controllers.podgc.PodGcController;

/**
 * Settings of the built-in controllers that {@code skiff server} takes from its command line.
 *
 * @param terminatedPodGcThreshold how many terminated pods may exist before the pod garbage collector deletes the
 *     oldest (k/k kube-controller-manager --terminated-pod-gc-threshold; 0 or less: never)
 * @param nodeIpam the cluster CIDR nodes get their pod CIDRs from
 * @param maxEndpointsPerSlice the most endpoints the EndpointSlice controller puts in one slice (k/k
 *     kube-controller-manager --max-endpoints-per-slice, 1 to 1000)
 * @param rootCaPem the cluster CA the root-ca-cert-publisher publishes in every namespace (k/k
 *     kube-controller-manager --root-ca-file); empty: that controller does not run
 * @param localPathRoot the directory on each node under which the local-path provisioner makes volumes (k3s:
 *     DATA_DIR/storage); empty: that provisioner does not run
 * @param signingCa the CA the csrsigning controller signs with (kube-controller-manager --cluster-signing-cert-file
 *     and --cluster-signing-key-file); empty: that controller does not run
 * @param clusterSigningDuration the longest certificate the csrsigning controller issues; a request may ask for less
 *     (kube-controller-manager --cluster-signing-duration)
 */
public record ControllerOptions(NodeLifecycleOptions nodeLifecycle, int terminatedPodGcThreshold,
        NodeIpamOptions nodeIpam, int maxEndpointsPerSlice, String rootCaPem, String localPathRoot,
        Optional<ClusterSigningCa> signingCa, Duration clusterSigningDuration) {

    public ControllerOptions {
        // k/k cmd/kube-controller-manager/app/options/endpointslicecontroller.go Validate: between 1 and 1000.
        if (maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
            throw new IllegalArgumentException("max endpoints per slice must be between 1 and 1000, got "
                    + maxEndpointsPerSlice);
        }
        if (clusterSigningDuration.isNegative() || clusterSigningDuration.isZero()) {
            throw new IllegalArgumentException("cluster signing duration must be positive, got "
                    + clusterSigningDuration);
        }
    }

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle, int terminatedPodGcThreshold,
            NodeIpamOptions nodeIpam, int maxEndpointsPerSlice) {
        this(nodeLifecycle, terminatedPodGcThreshold, nodeIpam, maxEndpointsPerSlice, "", "", Optional.empty(),
                CsrSigningController.DEFAULT_DURATION);
    }

    /** These options with the cluster CA to publish. */
    public ControllerOptions withRootCa(String pem) {
        return new ControllerOptions(nodeLifecycle, terminatedPodGcThreshold, nodeIpam, maxEndpointsPerSlice, pem,
                localPathRoot, signingCa, clusterSigningDuration);
    }

    /** These options with the local-path provisioner making its volumes under {@code root}. */
    public ControllerOptions withLocalPathRoot(String root) {
        return new ControllerOptions(nodeLifecycle, terminatedPodGcThreshold, nodeIpam, maxEndpointsPerSlice,
                rootCaPem, root, signingCa, clusterSigningDuration);
    }

    /** These options with the CA that signs approved certificate requests. */
    public ControllerOptions withSigningCa(ClusterSigningCa ca) {
        return new ControllerOptions(nodeLifecycle, terminatedPodGcThreshold, nodeIpam, maxEndpointsPerSlice,
                rootCaPem, localPathRoot, Optional.of(ca), clusterSigningDuration);
    }

    /** These options with the csrsigning controller's certificates lasting at most {@code duration}. */
    public ControllerOptions withClusterSigningDuration(Duration duration) {
        return new ControllerOptions(nodeLifecycle, terminatedPodGcThreshold, nodeIpam, maxEndpointsPerSlice,
                rootCaPem, localPathRoot, signingCa, duration);
    }

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle) {
        this(nodeLifecycle, PodGcController.DEFAULT_TERMINATED_POD_THRESHOLD);
    }

    public ControllerOptions(NodeLifecycleOptions nodeLifecycle, int terminatedPodGcThreshold) {
        this(nodeLifecycle, terminatedPodGcThreshold, NodeIpamOptions.defaults(),
                EndpointSliceController.DEFAULT_MAX_ENDPOINTS_PER_SLICE);
    }

    public static ControllerOptions defaults() {
        return new ControllerOptions(NodeLifecycleOptions.defaults());
    }
}
