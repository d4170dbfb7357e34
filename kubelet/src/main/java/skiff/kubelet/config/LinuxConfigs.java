package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import skiff.kubelet.runtime.LinuxContainerConfig;
import skiff.kubelet.runtime.LinuxSandboxConfig;
import skiff.kubelet.runtime.QosClass;

/** The Linux part of a pod's and a container's runtime configuration (CRI LinuxPodSandboxConfig, LinuxContainerConfig). */
final class LinuxConfigs {
    private LinuxConfigs() {}

    static LinuxContainerConfig container(Pod pod, Container c, NodeSettings node) {
        QosClass qos = QosClasses.of(pod);
        return new LinuxContainerConfig(CgroupResources.container(c),
                CgroupResources.oomScoreAdj(pod, c, qos, node.memoryCapacityBytes()),
                SecurityContexts.container(pod, c, node));
    }

    static Resolved<LinuxSandboxConfig> sandbox(Pod pod, NodeSettings node) {
        Resolved<Map<String, String>> sysctls = SecurityContexts.sysctls(pod);
        if (sysctls instanceof Resolved.Invalid<Map<String, String>> invalid) {
            return new Resolved.Invalid<>(invalid.reason(), invalid.message());
        }
        QosClass qos = QosClasses.of(pod);
        var spec = pod.getSpec();
        return new Resolved.Ok<>(new LinuxSandboxConfig(qos,
                CgroupResources.cgroupParent(node.cgroupRoot(), qos, pod.getMetadata().getUid()),
                CgroupResources.pod(pod, qos, node.podPidsLimit()), Boolean.TRUE.equals(spec.getHostNetwork()),
                Boolean.TRUE.equals(spec.getHostPID()), Boolean.TRUE.equals(spec.getHostIPC()),
                Boolean.TRUE.equals(spec.getShareProcessNamespace()),
                ((Resolved.Ok<Map<String, String>>) sysctls).value()));
    }
}
