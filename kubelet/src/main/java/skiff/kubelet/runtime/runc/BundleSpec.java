package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.image.ImageConfig;
import skiff.kubelet.runtime.ContainerConfig;

/**
 * A container's OCI runtime config ({@code config.json}, OCI runtime-spec 1.0 config.md and config-linux.md): the
 * defaults of {@code runc spec} with the container's process, root filesystem, hostname, the pod's network namespace,
 * its bind mounts, cgroup path and memory limit. The image's config is combined with the container's spec as the
 * kubelet does. A stand-in until the full spec builder (security context, resources) takes its place.
 */
final class BundleSpec {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    // containerd pkg/oci/spec.go defaultCapabilities: the capabilities a container gets by default.
    private static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
            "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private BundleSpec() {}

    /** A bind mount of a host path into the container. */
    record Bind(Path source, String destination, boolean readOnly) {}

    /**
     * @param netns the pod's network namespace, null for the host's
     */
    record Input(ContainerConfig container, ImageConfig image, String hostname, Path rootfs, Path netns,
            String cgroupsPath, List<Bind> binds) {}

    // k/k pkg/kubelet/kuberuntime/kuberuntime_container.go and the CRI runtimes' image config merge: a command
    // replaces the entrypoint and drops the image's Cmd; args replace Cmd.
    static List<String> argv(ContainerConfig c, ImageConfig image) {
        List<String> argv = new ArrayList<>();
        if (!c.command().isEmpty()) {
            argv.addAll(c.command());
            argv.addAll(c.args());
        } else {
            argv.addAll(image.entrypoint());
            argv.addAll(c.args().isEmpty() ? image.cmd() : c.args());
        }
        return argv;
    }

    // containerd internal/cri/opts/spec.go WithEnv: the image's variables first, the container's replace them.
    static Map<String, String> env(ContainerConfig c, ImageConfig image, String hostname) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        env.put("HOSTNAME", hostname);
        for (String entry : image.env()) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        env.putAll(c.env());
        return env;
    }

    /** {@code uid:gid} from the image's user, names looked up in the root filesystem's /etc/passwd and group. */
    static long[] user(String user, Path rootfs) throws IOException {
        if (user.isEmpty()) {
            return new long[] {0, 0};
        }
        String[] parts = user.split(":", 2);
        long uid;
        long gid = -1;
        if (parts[0].matches("\\d+")) {
            uid = Long.parseLong(parts[0]);
        } else {
            String[] entry = lookup(rootfs.resolve("etc/passwd"), parts[0], "user " + parts[0]);
            uid = Long.parseLong(entry[2]);
            gid = Long.parseLong(entry[3]);
        }
        if (parts.length == 2) {
            gid = parts[1].matches("\\d+") ? Long.parseLong(parts[1])
                    : Long.parseLong(lookup(rootfs.resolve("etc/group"), parts[1], "group " + parts[1])[2]);
        }
        return new long[] {uid, gid < 0 ? 0 : gid};
    }

    private static String[] lookup(Path file, String name, String what) throws IOException {
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(":");
                if (fields.length >= 4 && fields[0].equals(name)) {
                    return fields;
                }
            }
        }
        throw new IOException("unable to find " + what + " in the image's " + file.getFileName());
    }

    static Map<String, Object> build(Input in) throws IOException {
        ContainerConfig c = in.container();
        List<String> argv = argv(c, in.image());
        if (argv.isEmpty()) {
            throw new IOException("no command specified: the container has no command or args and its image no "
                    + "entrypoint or cmd");
        }
        long[] user = user(in.image().user(), in.rootfs());
        String cwd = !c.workingDir().isEmpty() ? c.workingDir()
                : in.image().workingDir().isEmpty() ? "/" : in.image().workingDir();
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", false);
        process.put("user", Map.of("uid", user[0], "gid", user[1]));
        process.put("args", argv);
        process.put("env", env(c, in.image(), in.hostname()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        process.put("cwd", cwd);
        process.put("capabilities", Map.of("bounding", CAPABILITIES, "effective", CAPABILITIES,
                "permitted", CAPABILITIES));
        process.put("noNewPrivileges", false);

        List<Map<String, Object>> mounts = new ArrayList<>();
        mounts.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")));
        mounts.add(mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        mounts.add(mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("nosuid", "noexec", "nodev", "relatime", "ro")));
        for (Bind b : in.binds()) {
            List<String> options = new ArrayList<>(List.of("rbind", "rprivate"));
            if (b.readOnly()) {
                options.add("ro");
            }
            mounts.add(mount(b.destination(), "bind", b.source().toString(), options));
        }

        List<Map<String, Object>> namespaces = new ArrayList<>();
        namespaces.add(Map.of("type", "pid"));
        namespaces.add(Map.of("type", "ipc"));
        namespaces.add(Map.of("type", "uts"));
        namespaces.add(Map.of("type", "mount"));
        if (in.netns() != null) {
            namespaces.add(Map.of("type", "network", "path", in.netns().toString()));
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("devices", List.of(Map.of("allow", false, "access", "rwm")));
        if (c.memoryLimitBytes() > 0) {
            resources.put("memory", Map.of("limit", c.memoryLimitBytes()));
        }
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("resources", resources);
        linux.put("cgroupsPath", in.cgroupsPath());
        linux.put("namespaces", namespaces);
        linux.put("maskedPaths", List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                "/proc/scsi"));
        linux.put("readonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2");
        spec.put("process", process);
        spec.put("root", Map.of("path", in.rootfs().toString(), "readonly", false));
        spec.put("hostname", in.hostname());
        spec.put("mounts", mounts);
        spec.put("linux", linux);
        return spec;
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        m.put("options", options);
        return m;
    }
}
