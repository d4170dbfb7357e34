package skiff.kubelet.runtime;

import java.util.List;
import java.util.OptionalLong;

/**
 * A container's security context merged with its pod's, as the kubelet hands it to a runtime (CRI
 * LinuxContainerSecurityContext).
 *
 * @param supplementalGroups the pod's fsGroup first, then its supplementalGroups
 * @param addCapabilities names as the API spells them ({@code NET_ADMIN}, {@code ALL})
 * @param noNewPrivileges set the process's no_new_privs bit
 * @param unmaskedProcMount {@code procMount: Unmasked}: no masked or read-only /proc paths
 */
public record LinuxContainerSecurity(OptionalLong runAsUser, OptionalLong runAsGroup, List<Long> supplementalGroups,
        boolean runAsNonRoot, boolean readOnlyRootFilesystem, boolean privileged, List<String> addCapabilities,
        List<String> dropCapabilities, boolean noNewPrivileges, SeccompProfile seccomp, boolean unmaskedProcMount) {

    public LinuxContainerSecurity {
        supplementalGroups = List.copyOf(supplementalGroups);
        addCapabilities = List.copyOf(addCapabilities);
        dropCapabilities = List.copyOf(dropCapabilities);
    }

    /** No security context at all. */
    public static LinuxContainerSecurity none() {
        return new LinuxContainerSecurity(OptionalLong.empty(), OptionalLong.empty(), List.of(), false, false, false,
                List.of(), List.of(), false, new SeccompProfile.Unconfined(), false);
    }
}
