package skiff.kubelet.runtime;

import java.util.Map;

/**
 * What a Linux runtime needs of a pod's sandbox (CRI LinuxPodSandboxConfig).
 *
 * @param cgroupParent the pod's cgroup, absolute, e.g. {@code /skiff/kubepods/burstable/pod<uid>}
 * @param podResources the pod-level limits written to {@code cgroupParent}
 * @param sysctls namespaced sysctls from {@code securityContext.sysctls}
 */
public record LinuxSandboxConfig(QosClass qos, String cgroupParent, LinuxResources podResources,
        boolean hostNetwork, boolean hostPid, boolean hostIpc, boolean shareProcessNamespace,
        Map<String, String> sysctls) {

    public LinuxSandboxConfig {
        sysctls = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sysctls));
    }

    /** A BestEffort pod with nothing shared with the host, under the default cgroup root. */
    public static LinuxSandboxConfig none(String podUid) {
        return new LinuxSandboxConfig(QosClass.BEST_EFFORT, "/skiff/kubepods/besteffort/pod" + podUid,
                LinuxResources.none(), false, false, false, false, Map.of());
    }
}
