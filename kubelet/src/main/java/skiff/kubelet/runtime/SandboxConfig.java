package skiff.kubelet.runtime;

import java.util.List;

/**
 * What a pod's sandbox needs: its identity, the hostname its containers see, the volumes they may mount and its
 * Linux settings (QoS cgroup, namespaces shared with the host, sysctls).
 */
public record SandboxConfig(String podUid, String namespace, String podName, String hostname,
        List<VolumeConfig> volumes, LinuxSandboxConfig linux) {
    public SandboxConfig {
        volumes = List.copyOf(volumes);
    }

    /** A sandbox with default Linux settings, for runtimes that ignore them. */
    public SandboxConfig(String podUid, String namespace, String podName, String hostname,
            List<VolumeConfig> volumes) {
        this(podUid, namespace, podName, hostname, volumes, LinuxSandboxConfig.none(podUid));
    }
}
