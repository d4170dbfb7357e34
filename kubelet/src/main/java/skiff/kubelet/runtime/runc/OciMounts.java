package skiff.kubelet.runtime.runc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import skiff.kubelet.config.Resolved;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.LinuxContainerSecurity;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The mounts of a container's bundle: the runtime's defaults, the pod's files, then its volume mounts. */
final class OciMounts {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // containerd oci/mounts.go defaultMounts (1.7), as runc spec writes them.
    private static final String SHM_SIZE = "size=65536k";

    private OciMounts() {}

    static Resolved<List<ObjectNode>> of(OciSpecInput in) {
        ContainerConfig c = in.container();
        LinuxContainerSecurity sc = c.linux().security();
        boolean readOnlyRoot = sc.readOnlyRootFilesystem();
        List<ObjectNode> extra = new ArrayList<>();
        // k/k pkg/kubelet/kubelet_pods.go makeMounts (1.32): the kubelet's own /etc/hosts mount is read-write.
        if (in.hostsFile() != null) {
            extra.add(bind("/etc/hosts", in.hostsFile(), false));
        }
        // containerd pkg/cri/server container_create_linux.go containerMounts (1.7): /etc/hostname and
        // /etc/resolv.conf are read-only when the root filesystem is; /dev/shm is the pod's (the host's with
        // hostIPC).
        if (in.hostnameFile() != null) {
            extra.add(bind("/etc/hostname", in.hostnameFile(), readOnlyRoot));
        }
        if (in.resolvConfFile() != null) {
            extra.add(bind("/etc/resolv.conf", in.resolvConfFile(), readOnlyRoot));
        }
        if (in.sandbox().linux().hostIpc()) {
            extra.add(bind("/dev/shm", Path.of("/dev/shm"), false));
        } else if (in.shmDir() != null) {
            extra.add(bind("/dev/shm", in.shmDir(), false));
        }
        // k/k pkg/kubelet/kuberuntime/kuberuntime_container.go makeMounts: the termination log at its path.
        if (in.terminationLogFile() != null) {
            extra.add(bind(c.terminationMessagePath(), in.terminationLogFile(), false));
        }
        for (ContainerConfig.Mount m : c.mounts()) {
            Path volume = in.volumePaths().get(m.volume());
            if (volume == null) {
                // k/k kubelet_pods.go makeMounts.
                return new Resolved.Invalid<>(SubPaths.CONFIG_ERROR, "cannot find volume \"" + m.volume()
                        + "\" to mount into container \"" + c.name() + "\"");
            }
            Path source = volume;
            if (!m.subPath().isEmpty()) {
                Resolved<Path> sub = SubPaths.volumeSubPath(volume, m.subPath());
                if (sub instanceof Resolved.Invalid<Path> invalid) {
                    return new Resolved.Invalid<>(invalid.reason(), invalid.message());
                }
                source = ((Resolved.Ok<Path>) sub).value();
            }
            extra.add(bind(m.mountPath(), source, m.readOnly()));
        }
        // containerd pkg/cri/opts/spec_linux.go WithMounts: the container's mounts sorted by depth (parents first);
        // a default mount is dropped when a container mount takes its place, all under /dev when /dev is taken.
        extra.sort(Comparator.comparingInt(m -> depth(m.get("destination").asString())));
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode d : defaults(sc.privileged())) {
            String dest = d.get("destination").asString();
            boolean replaced = extra.stream().map(m -> m.get("destination").asString())
                    .anyMatch(e -> e.equals(dest) || (e.equals("/dev") && dest.startsWith("/dev/")));
            if (!replaced) {
                out.add(d);
            }
        }
        out.addAll(extra);
        return new Resolved.Ok<>(out);
    }

    // runc libcontainer/specconv Example and containerd oci/mounts.go defaultMounts; privileged containers get /sys
    // and the cgroupfs read-write (containerd WithWritableSysfs, WithWritableCgroupfs).
    private static List<ObjectNode> defaults(boolean privileged) {
        String sysMode = privileged ? "rw" : "ro";
        return List.of(
                mount("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
                mount("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
                mount("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
                        "mode=0620", "gid=5"),
                mount("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", SHM_SIZE),
                mount("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
                mount("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", sysMode),
                mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid", "noexec", "nodev", "relatime", sysMode));
    }

    private static ObjectNode bind(String destination, Path source, boolean readOnly) {
        return mount(destination, "bind", source.toString(), "rbind", "rprivate", readOnly ? "ro" : "rw");
    }

    private static ObjectNode mount(String destination, String type, String source, String... options) {
        ObjectNode m = NODES.objectNode();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        ArrayNode opts = m.putArray("options");
        for (String o : options) {
            opts.add(o);
        }
        return m;
    }

    private static int depth(String path) {
        return (int) Path.of(path).normalize().toString().chars().filter(ch -> ch == '/').count();
    }
}
