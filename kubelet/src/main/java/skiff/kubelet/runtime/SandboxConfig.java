package skiff.kubelet.runtime;

import java.util.List;

/**
 * What a pod's sandbox needs: its identity, the hostname its containers see and the volumes they may mount.
 *
 * @param hostNetwork {@code spec.hostNetwork}: the pod uses the node's network namespace
 */
public record SandboxConfig(String podUid, String namespace, String podName, String hostname,
        List<VolumeConfig> volumes, boolean hostNetwork) {
    public SandboxConfig {
        volumes = List.copyOf(volumes);
    }

    /** A pod in a network namespace of its own. */
    public SandboxConfig(String podUid, String namespace, String podName, String hostname,
            List<VolumeConfig> volumes) {
        this(podUid, namespace, podName, hostname, volumes, false);
    }
}
