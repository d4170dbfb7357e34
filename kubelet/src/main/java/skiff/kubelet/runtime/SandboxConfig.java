package skiff.kubelet.runtime;

import java.util.List;

/**
 * What a pod's sandbox needs: its identity, the hostname its containers see, the volumes they may mount, its Linux
 * settings (QoS cgroup, namespaces shared with the host, sysctls) and what its hosts and resolv.conf files hold.
 */
public record SandboxConfig(String podUid, String namespace, String podName, String hostname,
        List<VolumeConfig> volumes, LinuxSandboxConfig linux, SandboxDns dns) {
    public SandboxConfig {
        volumes = List.copyOf(volumes);
    }

    /** A sandbox without cluster DNS: its containers see the node's resolv.conf. */
    public SandboxConfig(String podUid, String namespace, String podName, String hostname,
            List<VolumeConfig> volumes, LinuxSandboxConfig linux) {
        this(podUid, namespace, podName, hostname, volumes, linux, SandboxDns.host());
    }

    /** A sandbox with default Linux settings, for runtimes that ignore them. */
    public SandboxConfig(String podUid, String namespace, String podName, String hostname,
            List<VolumeConfig> volumes) {
        this(podUid, namespace, podName, hostname, volumes, LinuxSandboxConfig.none(podUid));
    }
}
