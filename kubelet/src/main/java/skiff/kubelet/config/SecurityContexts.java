package skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import skiff.kubelet.runtime.LinuxContainerSecurity;

/** A container's security context merged with its pod's, and the pod's sysctls checked against the safe set. */
final class SecurityContexts {
    // k/k pkg/kubelet/sysctl/safe_sysctls.go (1.32): the namespaced sysctls the kubelet allows without
    // --allowed-unsafe-sysctls.
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem");
    static final String SYSCTL_FORBIDDEN = "SysctlForbidden";

    private SecurityContexts() {}

    // k/k pkg/securitycontext/util.go DetermineEffectiveSecurityContext and pkg/kubelet/kuberuntime/
    // security_context.go determineEffectiveSecurityContext (1.32): the container's fields win over the pod's
    // runAsUser, runAsGroup, runAsNonRoot and seccompProfile; the groups are the pod's fsGroup, then its
    // supplementalGroups.
    static LinuxContainerSecurity container(Pod pod, Container c, NodeSettings node) {
        PodSecurityContext podSc = pod.getSpec().getSecurityContext() == null ? new PodSecurityContext()
                : pod.getSpec().getSecurityContext();
        SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
        Long runAsUser = sc.getRunAsUser() != null ? sc.getRunAsUser() : podSc.getRunAsUser();
        Long runAsGroup = sc.getRunAsGroup() != null ? sc.getRunAsGroup() : podSc.getRunAsGroup();
        Boolean runAsNonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : podSc.getRunAsNonRoot();
        List<Long> groups = new ArrayList<>();
        if (podSc.getFsGroup() != null) {
            groups.add(podSc.getFsGroup());
        }
        if (podSc.getSupplementalGroups() != null) {
            groups.addAll(podSc.getSupplementalGroups());
        }
        Capabilities caps = sc.getCapabilities();
        List<String> add = caps == null || caps.getAdd() == null ? List.of() : caps.getAdd();
        List<String> drop = caps == null || caps.getDrop() == null ? List.of() : caps.getDrop();
        boolean privileged = Boolean.TRUE.equals(sc.getPrivileged());
        return new LinuxContainerSecurity(optional(runAsUser), optional(runAsGroup), groups,
                Boolean.TRUE.equals(runAsNonRoot), Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()), privileged,
                add, drop, noNewPrivileges(sc, privileged, add),
                seccomp(sc.getSeccompProfile() != null ? sc.getSeccompProfile() : podSc.getSeccompProfile(), node),
                "Unmasked".equals(sc.getProcMount()));
    }

    // k/k pkg/securitycontext/util.go AddNoNewPrivileges: only an explicit allowPrivilegeEscalation: false sets
    // no_new_privs; API validation forbids that together with privileged or CAP_SYS_ADMIN, which always escalate.
    private static boolean noNewPrivileges(SecurityContext sc, boolean privileged, List<String> add) {
        boolean sysAdmin = add.stream().anyMatch(a -> a.equalsIgnoreCase("SYS_ADMIN")
                || a.equalsIgnoreCase("CAP_SYS_ADMIN") || a.equalsIgnoreCase("ALL"));
        return Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()) && !privileged && !sysAdmin;
    }

    // k/k pkg/kubelet/kuberuntime/helpers.go getSeccompProfile (1.32): the container's profile, else the pod's, else
    // RuntimeDefault with the kubelet's seccompDefault and Unconfined without; Localhost files live under
    // <kubelet root>/seccomp.
    private static skiff.kubelet.runtime.SeccompProfile seccomp(SeccompProfile p, NodeSettings node) {
        if (p == null) {
            return node.seccompDefault() ? new skiff.kubelet.runtime.SeccompProfile.RuntimeDefault()
                    : new skiff.kubelet.runtime.SeccompProfile.Unconfined();
        }
        return switch (p.getType() == null ? "" : p.getType()) {
            case "RuntimeDefault" -> new skiff.kubelet.runtime.SeccompProfile.RuntimeDefault();
            case "Localhost" -> new skiff.kubelet.runtime.SeccompProfile.Localhost(node.kubeletRoot()
                    .resolve("seccomp").resolve(p.getLocalhostProfile() == null ? "" : p.getLocalhostProfile()));
            default -> new skiff.kubelet.runtime.SeccompProfile.Unconfined();
        };
    }

    // k/k pkg/kubelet/sysctl/allowlist.go validateSysctl and Admit (1.32): '/'-separated names become dotted; only
    // safe sysctls pass, net.* ones not with hostNetwork and kernel.shm* ones not with hostIPC.
    static Resolved<Map<String, String>> sysctls(Pod pod) {
        PodSecurityContext podSc = pod.getSpec().getSecurityContext();
        Map<String, String> out = new LinkedHashMap<>();
        if (podSc == null || podSc.getSysctls() == null) {
            return new Resolved.Ok<>(out);
        }
        for (Sysctl s : podSc.getSysctls()) {
            String name = dotted(s.getName());
            String problem = null;
            if (!SAFE_SYSCTLS.contains(name)) {
                problem = "\"" + name + "\" not allowlisted";
            } else if (name.startsWith("net.") && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
                problem = "\"" + name + "\" not allowed with host net enabled";
            } else if (name.startsWith("kernel.shm") && Boolean.TRUE.equals(pod.getSpec().getHostIPC())) {
                problem = "\"" + name + "\" not allowed with host ipc enabled";
            }
            if (problem != null) {
                return new Resolved.Invalid<>(SYSCTL_FORBIDDEN, "forbidden sysctl: " + problem);
            }
            out.put(name, s.getValue() == null ? "" : s.getValue());
        }
        return new Resolved.Ok<>(out);
    }

    // k/k pkg/kubelet/sysctl/util.go ConvertSysctlVariableToDotsSeparator: the first separator decides.
    static String dotted(String name) {
        int slash = name.indexOf('/');
        int dot = name.indexOf('.');
        if (slash < 0 || (dot >= 0 && dot < slash)) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        for (char ch : name.toCharArray()) {
            b.append(ch == '/' ? '.' : ch == '.' ? '/' : ch);
        }
        return b.toString();
    }

    private static OptionalLong optional(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
