package skiff.kubelet.runtime;

import java.util.List;

/** What a pod's sandbox needs: its identity and the volumes its containers may mount. */
public record SandboxConfig(String podUid, String namespace, String podName, List<VolumeConfig> volumes) {
    public SandboxConfig {
        volumes = List.copyOf(volumes);
    }
}
