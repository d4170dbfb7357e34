package skiff.kubelet.runtime;

import java.util.List;

/**
 * What a pod's sandbox needs: its identity, the hostname its containers see and the volumes they may mount.
 */
public record SandboxConfig(String podUid, String namespace, String podName, String hostname,
        List<VolumeConfig> volumes) {
    public SandboxConfig {
        volumes = List.copyOf(volumes);
    }
}
