package skiff.kubelet.runtime.runc;

import java.nio.file.Path;
import java.util.Map;
import skiff.image.ImageConfig;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.SandboxConfig;

/**
 * Everything a container's runc bundle config is made from.
 *
 * @param containerId runc's container id; also the container's cgroup under the pod's
 * @param rootfs the container's root filesystem, absolute
 * @param netnsPath the pod's network namespace, e.g. /var/run/netns/NAME; null for none (hostNetwork, or a
 *        namespace of its own when the pod is not on the host network)
 * @param pidNamespacePath the pod's shared PID namespace (shareProcessNamespace), e.g. /proc/PID/ns/pid; null for
 *        the container's own (or the host's with hostPID)
 * @param ipcNamespacePath the pod's IPC namespace, e.g. /proc/PID/ns/ipc; null for a new one (or the host's with
 *        hostIPC)
 * @param shmDir the pod's shared /dev/shm directory; null for a 64 MiB tmpfs of the container's own
 * @param hostsFile the pod's /etc/hosts; null to leave the image's
 * @param resolvConfFile the pod's /etc/resolv.conf; null to leave the image's
 * @param hostnameFile the pod's /etc/hostname; null to leave the image's
 * @param terminationLogFile the file bound at the container's terminationMessagePath; null for none
 * @param volumePaths each pod volume's host path by volume name
 */
public record OciSpecInput(SandboxConfig sandbox, ContainerConfig container, ImageConfig image, String containerId,
        Path rootfs, String netnsPath, String pidNamespacePath, String ipcNamespacePath, Path shmDir,
        Path hostsFile, Path resolvConfFile, Path hostnameFile, Path terminationLogFile,
        Map<String, Path> volumePaths) {

    public OciSpecInput {
        volumePaths = Map.copyOf(volumePaths);
    }
}
