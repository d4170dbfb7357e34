package skiff.kubelet.config;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The node-level kubelet settings a pod's Linux configuration depends on.
 *
 * @param cgroupRoot the cgroup under which Skiff lays out {@code kubepods}, without slashes, e.g. {@code skiff}
 * @param memoryCapacityBytes the node's memory, for Burstable containers' OOM score
 * @param podPidsLimit the kubelet's {@code podPidsLimit}; -1 or 0 for none
 * @param kubeletRoot the kubelet's root directory; Localhost seccomp profiles live in its {@code seccomp} directory
 * @param seccompDefault the kubelet's {@code seccompDefault}: RuntimeDefault when a pod names no profile
 */
public record NodeSettings(String cgroupRoot, long memoryCapacityBytes, long podPidsLimit, Path kubeletRoot,
        boolean seccompDefault) {

    /** Cgroup root {@code skiff}, this machine's memory, no pids limit, {@code /var/lib/skiff/kubelet}. */
    public static NodeSettings defaults() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new NodeSettings("skiff", memory, -1, Path.of("/var/lib/skiff/kubelet"), false);
    }

    public NodeSettings withKubeletRoot(Path root) {
        return new NodeSettings(cgroupRoot, memoryCapacityBytes, podPidsLimit, root, seccompDefault);
    }

    public NodeSettings withCgroupRoot(String root) {
        return new NodeSettings(root, memoryCapacityBytes, podPidsLimit, kubeletRoot, seccompDefault);
    }
}
