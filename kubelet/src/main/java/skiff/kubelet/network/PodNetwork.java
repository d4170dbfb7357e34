package skiff.kubelet.network;

import java.util.List;

/**
 * A pod's network: a network namespace of its own, attached to the node's pod network (k/k: the CRI runtime's
 * RunPodSandbox calling the CNI plugins). Implementations: CNI plugins (bridge, host-local, loopback).
 */
public interface PodNetwork {

    /** Creates the pod's network namespace and attaches it, giving it an IP; idempotent for one pod UID. */
    PodNetworkStatus setUp(String podUid, String namespace, String podName);

    /** Detaches the pod, frees its IP and deletes its namespace; harmless when already done. */
    void tearDown(String podUid);

    /** UIDs of pods whose network namespace exists, for cleaning up after pods deleted while Skiff was down. */
    List<String> attached();
}
