package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import skiff.api.json.Json;
import skiff.kubelet.config.Resolved;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seccomp filters for {@code linux.seccomp} (OCI runtime-spec config-linux.md#seccomp).
 *
 * <p>RuntimeDefault is a deny list, not moby's allow list: it refuses with EPERM the system calls moby's default
 * profile withholds from containers without the matching capability (namespaces and mounts, kernel modules and
 * kexec, reboot, keyrings, bpf and perf, clock setting, swap, quotas, ptrace and cross-process memory, io_uring ...)
 * and allows the rest. An allow list has to follow every system call the kernel and libc add (a missing clone3,
 * rseq or faccessat2 breaks newer programs in confusing ways), and moby's list cannot be copied here; the deny list
 * keeps the protections that matter against the known escape and attack paths and lets programs work.
 */
public final class SeccompProfiles {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int EPERM = 1;
    private static final int ENOSYS = 38;
    // linux/include/uapi/linux/sched.h: CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET.
    private static final long[] CLONE_NAMESPACE_FLAGS = {0x00020000L, 0x02000000L, 0x04000000L, 0x08000000L,
        0x10000000L, 0x20000000L, 0x40000000L};
    // moby profiles/seccomp/default.json (24.0): the calls each capability unlocks; without it they are refused.
    private static final Map<String, List<String>> DENIED_WITHOUT = Map.of(
            "CAP_SYS_ADMIN", List.of("mount", "umount", "umount2", "pivot_root", "unshare", "setns", "fsopen",
                    "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr", "sethostname",
                    "setdomainname", "name_to_handle_at", "fanotify_init", "lookup_dcookie", "quotactl",
                    "quotactl_fd", "bpf", "perf_event_open", "syslog", "iopl", "ioperm", "vm86", "vm86old"),
            "CAP_SYS_MODULE", List.of("init_module", "finit_module", "delete_module", "create_module",
                    "get_kernel_syms", "query_module"),
            "CAP_SYS_BOOT", List.of("reboot", "kexec_load", "kexec_file_load"),
            "CAP_SYS_TIME", List.of("settimeofday", "stime", "clock_settime", "clock_adjtime"),
            "CAP_SYS_PTRACE", List.of("ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd"),
            "CAP_SYS_PACCT", List.of("acct"),
            "CAP_DAC_READ_SEARCH", List.of("open_by_handle_at"));
    // Refused whatever the capabilities: obsolete or abused interfaces moby's profile never allows.
    private static final List<String> ALWAYS_DENIED = List.of("add_key", "keyctl", "request_key", "swapon",
            "swapoff", "nfsservctl", "uselib", "userfaultfd", "ustat", "sysfs", "_sysctl", "io_uring_setup",
            "io_uring_enter", "io_uring_register");

    private SeccompProfiles() {}

    /** The RuntimeDefault filter for a process with these capabilities. */
    public static ObjectNode runtimeDefault(Collection<String> capabilities) {
        ObjectNode profile = NODES.objectNode();
        profile.put("defaultAction", "SCMP_ACT_ALLOW");
        ArrayNode arches = profile.putArray("architectures");
        architectures().forEach(arches::add);
        ArrayNode syscalls = profile.putArray("syscalls");
        List<String> denied = new ArrayList<>(ALWAYS_DENIED);
        DENIED_WITHOUT.forEach((cap, calls) -> {
            if (!capabilities.contains(cap)) {
                denied.addAll(calls);
            }
        });
        denied.sort(null);
        syscalls.add(rule(denied, EPERM));
        if (!capabilities.contains("CAP_SYS_ADMIN")) {
            // moby: clone may not create namespaces; clone3 answers ENOSYS so libc falls back to clone, whose flags
            // a filter can see.
            for (long flag : CLONE_NAMESPACE_FLAGS) {
                ObjectNode clone = rule(List.of("clone"), EPERM);
                ObjectNode arg = clone.putArray("args").addObject();
                arg.put("index", 0);
                arg.put("value", flag);
                arg.put("valueTwo", flag);
                arg.put("op", "SCMP_CMP_MASKED_EQ");
                syscalls.add(clone);
            }
            syscalls.add(rule(List.of("clone3"), ENOSYS));
        }
        return profile;
    }

    // containerd contrib/seccomp LoadProfile (1.7): a Localhost profile is moby's format (archMap, includes and
    // excludes by capability or architecture) or already OCI's; it is turned into OCI's for this machine.
    static Resolved<ObjectNode> localhost(Path file, Collection<String> capabilities) {
        JsonNode doc;
        try {
            doc = Json.mapper().readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            return new Resolved.Invalid<>(OciUsers.CREATE_ERROR, "failed to load seccomp profile " + file + ": "
                    + e.getMessage());
        }
        if (!(doc instanceof ObjectNode source) || !source.has("defaultAction")) {
            return new Resolved.Invalid<>(OciUsers.CREATE_ERROR, "failed to load seccomp profile " + file
                    + ": not a seccomp profile (no defaultAction)");
        }
        ObjectNode out = NODES.objectNode();
        out.set("defaultAction", source.get("defaultAction"));
        if (source.has("defaultErrnoRet")) {
            out.set("defaultErrnoRet", source.get("defaultErrnoRet"));
        }
        ArrayNode arches = out.putArray("architectures");
        if (source.has("archMap")) {
            for (JsonNode m : source.get("archMap")) {
                if (architectures().contains(m.path("architecture").asString())) {
                    arches.add(m.path("architecture").asString());
                    m.path("subArchitectures").forEach(arches::add);
                }
            }
        } else {
            source.path("architectures").forEach(arches::add);
        }
        ArrayNode syscalls = out.putArray("syscalls");
        for (JsonNode s : source.path("syscalls")) {
            if (!applies(s.path("includes"), capabilities, true) || !applies(s.path("excludes"), capabilities, false)) {
                continue;
            }
            ObjectNode rule = NODES.objectNode();
            ArrayNode names = rule.putArray("names");
            s.path("names").forEach(names::add);
            if (s.hasNonNull("name")) {
                names.add(s.get("name"));
            }
            for (String field : List.of("action", "errnoRet", "args")) {
                if (s.hasNonNull(field)) {
                    rule.set(field, s.get(field));
                }
            }
            syscalls.add(rule);
        }
        return new Resolved.Ok<>(out);
    }

    // moby profiles/seccomp: an "includes" filter needs all its caps and one of its arches; an "excludes" filter
    // drops the rule when any of its caps or arches match.
    private static boolean applies(JsonNode filter, Collection<String> capabilities, boolean include) {
        if (filter.isMissingNode() || filter.isEmpty()) {
            return true;
        }
        List<String> caps = new ArrayList<>();
        filter.path("caps").forEach(c -> caps.add(c.asString()));
        List<String> arches = new ArrayList<>();
        filter.path("arches").forEach(a -> arches.add(a.asString()));
        boolean archMatch = arches.stream().anyMatch(a -> architectures().contains(a) || a.equals(hostArch()));
        if (include) {
            return capabilities.containsAll(caps) && (arches.isEmpty() || archMatch);
        }
        return caps.stream().noneMatch(capabilities::contains) && !(archMatch);
    }

    private static String hostArch() {
        return System.getProperty("os.arch");
    }

    /** The seccomp architectures of this machine: native first, then the compat ones its kernel also runs. */
    static List<String> architectures() {
        return switch (hostArch()) {
            case "aarch64", "arm64" -> List.of("SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM");
            case "riscv64" -> List.of("SCMP_ARCH_RISCV64");
            case "ppc64le" -> List.of("SCMP_ARCH_PPC64LE");
            case "s390x" -> List.of("SCMP_ARCH_S390X", "SCMP_ARCH_S390");
            default -> List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32");
        };
    }

    private static ObjectNode rule(List<String> names, int errno) {
        ObjectNode rule = NODES.objectNode();
        ArrayNode list = rule.putArray("names");
        names.forEach(list::add);
        rule.put("action", "SCMP_ACT_ERRNO");
        rule.put("errnoRet", errno);
        return rule;
    }
}
