package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import skiff.image.ImageConfig;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.LinuxContainerSecurity;
import skiff.kubelet.runtime.LinuxResources;
import skiff.kubelet.runtime.LinuxSandboxConfig;
import skiff.kubelet.runtime.SandboxConfig;
import skiff.kubelet.runtime.SeccompProfile;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a pod's sandbox, a container and its image into runc's config.json, with the rules of Kubernetes' kubelet
 * and containerd's CRI plugin.
 */
public final class OciSpecs {
    static final String CONFIG_ERROR = "CreateContainerConfigError";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // runc libcontainer/specconv Example: the OCI version runc 1.1 writes.
    private static final String OCI_VERSION = "1.0.2-dev";
    // containerd oci/spec.go defaultUnixEnv.
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    // containerd oci/spec_opts.go / k/k pkg/securitycontext/util.go defaultMaskedPaths (1.32).
    static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    // k/k pkg/securitycontext/util.go defaultReadonlyPaths (1.32).
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private OciSpecs() {}

    /**
     * The config.json, or why the container cannot be created: {@code CreateContainerConfigError} for runAsNonRoot
     * and subPath problems (the kubelet's checks), {@code CreateContainerError} for what the runtime would refuse
     * (an unknown user or group name, no command, an unreadable Localhost seccomp profile).
     */
    public static Resolved<OciSpec> build(OciSpecInput in) {
        SandboxConfig sandbox = in.sandbox();
        ContainerConfig c = in.container();
        ImageConfig image = in.image();
        LinuxContainerSecurity sc = c.linux().security();
        LinuxSandboxConfig pod = sandbox.linux();

        var nonRoot = verifyRunAsNonRoot(sandbox, c, image.user());
        if (nonRoot != null) {
            return nonRoot;
        }
        List<String> args = args(c, image);
        if (args.isEmpty()) {
            return new Resolved.Invalid<>(OciUsers.CREATE_ERROR, "no command specified");
        }
        Resolved<OciUser> user = OciUsers.resolve(in.rootfs(), sc.runAsUser(), sc.runAsGroup(),
                sc.supplementalGroups(), image.user());
        if (user instanceof Resolved.Invalid<OciUser> invalid) {
            return new Resolved.Invalid<>(invalid.reason(), invalid.message());
        }
        Resolved<List<ObjectNode>> mounts = OciMounts.of(in);
        if (mounts instanceof Resolved.Invalid<List<ObjectNode>> invalid) {
            return new Resolved.Invalid<>(invalid.reason(), invalid.message());
        }
        List<String> caps = OciCapabilities.of(sc, OciCapabilities.all());
        ObjectNode seccomp = null;
        // containerd pkg/cri/server container_create_linux.go: privileged containers run without seccomp.
        if (!sc.privileged()) {
            switch (sc.seccomp()) {
                case SeccompProfile.RuntimeDefault r -> seccomp = SeccompProfiles.runtimeDefault(caps);
                case SeccompProfile.Localhost l -> {
                    Resolved<ObjectNode> loaded = SeccompProfiles.localhost(l.file(), caps);
                    if (loaded instanceof Resolved.Invalid<ObjectNode> invalid) {
                        return new Resolved.Invalid<>(invalid.reason(), invalid.message());
                    }
                    seccomp = ((Resolved.Ok<ObjectNode>) loaded).value();
                }
                case SeccompProfile.Unconfined u -> seccomp = null;
            }
        }

        ObjectNode spec = NODES.objectNode();
        spec.put("ociVersion", OCI_VERSION);
        spec.set("process", process(in, args, ((Resolved.Ok<OciUser>) user).value(), caps));
        ObjectNode root = spec.putObject("root");
        root.put("path", in.rootfs().toString());
        root.put("readonly", sc.readOnlyRootFilesystem());
        // k/k kuberuntime_sandbox.go generatePodSandboxConfig: a hostNetwork pod keeps the node's hostname (and
        // containerd then shares the host's UTS namespace).
        if (!pod.hostNetwork()) {
            spec.put("hostname", sandbox.hostname());
        }
        ArrayNode mountArray = spec.putArray("mounts");
        ((Resolved.Ok<List<ObjectNode>>) mounts).value().forEach(mountArray::add);
        spec.set("linux", linux(in, seccomp));
        return new Resolved.Ok<>(new OciSpec(spec));
    }

    // k/k pkg/kubelet/kuberuntime/security_context_others.go verifyRunAsNonRoot (1.32) with getImageUser: a
    // runAsUser of 0, an image user of uid 0 (or none), or a user name that cannot be checked are refused.
    private static Resolved<OciSpec> verifyRunAsNonRoot(SandboxConfig sandbox, ContainerConfig c, String imageUser) {
        LinuxContainerSecurity sc = c.linux().security();
        if (!sc.runAsNonRoot()) {
            return null;
        }
        String pod = "\"" + sandbox.podName() + "_" + sandbox.namespace() + "(" + sandbox.podUid() + ")\"";
        if (sc.runAsUser().isPresent()) {
            return sc.runAsUser().getAsLong() == 0 ? new Resolved.Invalid<>(CONFIG_ERROR,
                    "container's runAsUser breaks non-root policy (pod: " + pod + ", container: " + c.name() + ")")
                    : null;
        }
        String user = imageUser == null ? "" : imageUser;
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (name.isEmpty() || name.chars().allMatch(Character::isDigit) && Long.parseLong(name) == 0) {
            return new Resolved.Invalid<>(CONFIG_ERROR, "container has runAsNonRoot and image will run as root (pod: "
                    + pod + ", container: " + c.name() + ")");
        }
        if (!name.chars().allMatch(Character::isDigit)) {
            return new Resolved.Invalid<>(CONFIG_ERROR, "container has runAsNonRoot and image has non-numeric user ("
                    + name + "), cannot verify user is non-root (pod: " + pod + ", container: " + c.name() + ")");
        }
        return null;
    }

    // containerd pkg/cri/opts/spec_linux.go WithProcessArgs (from moby daemon/commit.go), which k/k relies on
    // (kuberuntime_container.go passes command and args as given): a command replaces the image's Entrypoint and
    // drops its Cmd; args alone replace Cmd and keep the Entrypoint; neither runs Entrypoint then Cmd.
    static List<String> args(ContainerConfig c, ImageConfig image) {
        List<String> command = c.command();
        List<String> args = c.args();
        if (command.isEmpty()) {
            if (args.isEmpty()) {
                args = image.cmd();
            }
            if (!(image.entrypoint().size() == 1 && image.entrypoint().get(0).isEmpty())) {
                command = image.entrypoint();
            }
        }
        List<String> out = new ArrayList<>(command);
        out.addAll(args);
        return out;
    }

    // containerd pkg/cri/server container_create.go (1.7): the default PATH, HOSTNAME, the image's Env, then the
    // container's env, each entry replacing one of the same name in place (oci.WithEnv); a bare name unsets it.
    static List<String> env(String hostname, List<String> imageEnv, Map<String, String> containerEnv) {
        List<String> env = new ArrayList<>(List.of(DEFAULT_PATH));
        merge(env, List.of("HOSTNAME=" + hostname));
        merge(env, imageEnv);
        merge(env, containerEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        return env;
    }

    private static void merge(List<String> env, List<String> overrides) {
        for (String o : overrides) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            int at = -1;
            for (int i = 0; i < env.size(); i++) {
                if (env.get(i).startsWith(key + "=") || env.get(i).equals(key)) {
                    at = i;
                    break;
                }
            }
            if (eq < 0) {
                if (at >= 0) {
                    env.remove(at);
                }
            } else if (at >= 0) {
                env.set(at, o);
            } else {
                env.add(o);
            }
        }
    }

    private static ObjectNode process(OciSpecInput in, List<String> args, OciUser user, List<String> caps) {
        ContainerConfig c = in.container();
        LinuxContainerSecurity sc = c.linux().security();
        ObjectNode p = NODES.objectNode();
        p.put("terminal", c.tty());
        ObjectNode u = p.putObject("user");
        u.put("uid", user.uid());
        u.put("gid", user.gid());
        ArrayNode gids = u.putArray("additionalGids");
        user.additionalGids().forEach(gids::add);
        strings(p.putArray("args"), args);
        String hostname = in.sandbox().linux().hostNetwork() ? hostHostname() : in.sandbox().hostname();
        strings(p.putArray("env"), env(hostname, in.image().env(), c.env()));
        // containerd WithProcessCwd: the container's workingDir, else the image's, else "/".
        p.put("cwd", !c.workingDir().isEmpty() ? c.workingDir()
                : !in.image().workingDir().isEmpty() ? in.image().workingDir() : "/");
        // containerd 1.7 (after CVE-2022-24769): bounding, effective and permitted; no inheritable or ambient set.
        ObjectNode capabilities = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            strings(capabilities.putArray(set), caps);
        }
        // runc libcontainer/specconv Example: RLIMIT_NOFILE 1024.
        ObjectNode nofile = p.putArray("rlimits").addObject();
        nofile.put("type", "RLIMIT_NOFILE");
        nofile.put("hard", 1024);
        nofile.put("soft", 1024);
        p.put("noNewPrivileges", sc.noNewPrivileges());
        p.put("oomScoreAdj", c.linux().oomScoreAdj());
        return p;
    }

    private static ObjectNode linux(OciSpecInput in, ObjectNode seccomp) {
        LinuxSandboxConfig pod = in.sandbox().linux();
        LinuxContainerSecurity sc = in.container().linux().security();
        ObjectNode linux = NODES.objectNode();
        linux.set("resources", resources(in.container().linux().resources(), sc.privileged()));
        linux.put("cgroupsPath", pod.cgroupParent() + "/" + in.containerId());
        ArrayNode ns = linux.putArray("namespaces");
        // containerd pkg/cri/server container_create_linux.go + sandbox: own mount; PID own, the pod's
        // (shareProcessNamespace) or the host's; IPC and network the pod's or the host's; UTS own unless on the host
        // network; a cgroup namespace on cgroup v2.
        namespace(ns, "mount", null);
        if (!pod.hostPid()) {
            namespace(ns, "pid", in.pidNamespacePath());
        }
        if (!pod.hostIpc()) {
            namespace(ns, "ipc", in.ipcNamespacePath());
        }
        if (!pod.hostNetwork()) {
            namespace(ns, "uts", null);
            namespace(ns, "network", in.netnsPath());
        }
        if (Cgroups.host().unified()) {
            namespace(ns, "cgroup", null);
        }
        // k/k securitycontext ConvertToRuntimeMaskedPaths/ReadonlyPaths: none for privileged or procMount Unmasked.
        if (!sc.privileged() && !sc.unmaskedProcMount()) {
            strings(linux.putArray("maskedPaths"), MASKED_PATHS);
            strings(linux.putArray("readonlyPaths"), READONLY_PATHS);
        }
        if (!pod.sysctls().isEmpty()) {
            ObjectNode sysctl = linux.putObject("sysctl");
            pod.sysctls().forEach(sysctl::put);
        }
        if (seccomp != null) {
            linux.set("seccomp", seccomp);
        }
        // containerd WithPrivileged + WithDevices(HostDevices): a privileged container sees the host's devices.
        if (sc.privileged()) {
            ArrayNode devices = linux.putArray("devices");
            HostDevices.list().forEach(devices::add);
        }
        return linux;
    }

    // runc libcontainer/specconv (devices deny-all, runc adds its default allow list); k/k generateLinuxContainer-
    // Resources; containerd sets swap equal to the limit where the kernel accounts swap (no swap for containers).
    private static ObjectNode resources(LinuxResources r, boolean privileged) {
        ObjectNode res = NODES.objectNode();
        ObjectNode device = res.putArray("devices").addObject();
        device.put("allow", privileged);
        device.put("access", "rwm");
        if (r.memoryLimitBytes() > 0) {
            ObjectNode memory = res.putObject("memory");
            memory.put("limit", r.memoryLimitBytes());
            if (swapAccounted()) {
                memory.put("swap", r.memoryLimitBytes());
            }
        }
        ObjectNode cpu = res.putObject("cpu");
        cpu.put("shares", r.cpuShares());
        if (r.cpuQuota() > 0) {
            cpu.put("quota", r.cpuQuota());
            cpu.put("period", r.cpuPeriod());
        }
        if (r.pidsLimit() > 0) {
            res.putObject("pids").put("limit", r.pidsLimit());
        }
        return res;
    }

    // runc 1.1 fs2 ignores swap = limit without swap accounting; on v1 it needs memory.memsw.* files.
    private static boolean swapAccounted() {
        return Cgroups.host().unified() || Files.exists(Path.of("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"));
    }

    private static void namespace(ArrayNode ns, String type, String path) {
        ObjectNode n = ns.addObject();
        n.put("type", type);
        if (path != null) {
            n.put("path", path);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static String hostHostname() {
        try {
            return ProcFiles.read(Path.of("/proc/sys/kernel/hostname"));
        } catch (IOException e) {
            return "localhost";
        }
    }
}
