package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import skiff.kubelet.runtime.LinuxContainerSecurity;

/** The capability set of a container's process. */
final class OciCapabilities {
    // containerd oci/spec.go defaultUnixCaps (1.7): what a container gets without add/drop.
    static final List<String> DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
    // linux/include/uapi/linux/capability.h, capabilities 0 to 40 in number order.
    private static final List<String> KNOWN = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
            "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
            "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
            "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
            "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
            "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE");

    private OciCapabilities() {}

    /** Every capability the running kernel knows (containerd's cap.Current for privileged containers). */
    static List<String> all() {
        int last = KNOWN.size() - 1;
        try {
            last = Math.min(last, Integer.parseInt(ProcFiles.read(Path.of("/proc/sys/kernel/cap_last_cap"))));
        } catch (IOException | NumberFormatException e) {
            // An older or unusual kernel without the file: offer every capability this class knows.
        }
        return KNOWN.subList(0, last + 1);
    }

    // containerd pkg/cri/opts/spec_linux.go WithCapabilities (1.7): privileged gets all; "ALL" in add sets all and
    // "ALL" in drop clears all before the individual entries are added and then dropped (so drop wins); names gain
    // the CAP_ prefix and upper case.
    static List<String> of(LinuxContainerSecurity sc, List<String> all) {
        if (sc.privileged()) {
            return all;
        }
        Set<String> caps = new LinkedHashSet<>(DEFAULT);
        if (sc.addCapabilities().stream().anyMatch(c -> c.equalsIgnoreCase("ALL"))) {
            caps.addAll(all);
        }
        if (sc.dropCapabilities().stream().anyMatch(c -> c.equalsIgnoreCase("ALL"))) {
            caps.clear();
        }
        sc.addCapabilities().stream().filter(c -> !c.equalsIgnoreCase("ALL")).map(OciCapabilities::normal)
                .forEach(caps::add);
        sc.dropCapabilities().stream().filter(c -> !c.equalsIgnoreCase("ALL")).map(OciCapabilities::normal)
                .forEach(caps::remove);
        return new ArrayList<>(caps);
    }

    static String normal(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper : "CAP_" + upper;
    }
}
