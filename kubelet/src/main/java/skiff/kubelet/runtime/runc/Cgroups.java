package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import skiff.kubelet.runtime.LinuxResources;

/**
 * The cgroupfs of this machine (v1, hybrid or v2): writes a pod's cgroup limits and removes the directories runc
 * leaves behind. runc creates and removes a container's own leaf cgroup.
 */
public final class Cgroups {
    private final Path mount;

    /** The cgroupfs mounted at {@code mount}, normally /sys/fs/cgroup. */
    public Cgroups(Path mount) {
        this.mount = mount;
    }

    /** The host's cgroupfs at /sys/fs/cgroup. */
    public static Cgroups host() {
        return new Cgroups(Path.of("/sys/fs/cgroup"));
    }

    /** Whether the mount is the unified (v2) hierarchy. */
    public boolean unified() {
        return Files.exists(mount.resolve("cgroup.controllers"));
    }

    /** Where {@code cgroupPath} (absolute, e.g. /skiff/kubepods/pod1) lives in each hierarchy. */
    public List<Path> directories(String cgroupPath) throws IOException {
        String relative = cgroupPath.replaceAll("^/+", "");
        List<Path> out = new ArrayList<>();
        for (Path hierarchy : hierarchies()) {
            out.add(hierarchy.resolve(relative));
        }
        return out;
    }

    // k/k pkg/kubelet/cm/cgroup_manager_linux.go Update (cgroupfs driver) with runc's conversions
    // (libcontainer/cgroups/utils.go ConvertCPUSharesToCgroupV2Value): shares, quota/period, memory and pids written
    // to the pod's cgroup, created in every hierarchy as the kubelet's pod container manager does.
    public void applyPodLimits(String cgroupParent, LinuxResources r) throws IOException {
        for (Path dir : directories(cgroupParent)) {
            Files.createDirectories(dir);
        }
        String relative = cgroupParent.replaceAll("^/+", "");
        if (unified()) {
            enableControllers(relative);
            Path dir = mount.resolve(relative);
            write(dir.resolve("cpu.weight"), Long.toString(1 + ((r.cpuShares() - 2) * 9999) / 262142));
            write(dir.resolve("cpu.max"), (r.cpuQuota() > 0 ? Long.toString(r.cpuQuota()) : "max") + " "
                    + (r.cpuPeriod() > 0 ? r.cpuPeriod() : 100_000));
            write(dir.resolve("memory.max"), r.memoryLimitBytes() > 0 ? Long.toString(r.memoryLimitBytes()) : "max");
            write(dir.resolve("pids.max"), r.pidsLimit() > 0 ? Long.toString(r.pidsLimit()) : "max");
            return;
        }
        write(mount.resolve("cpu").resolve(relative).resolve("cpu.shares"), Long.toString(r.cpuShares()));
        if (r.cpuPeriod() > 0) {
            write(mount.resolve("cpu").resolve(relative).resolve("cpu.cfs_period_us"), Long.toString(r.cpuPeriod()));
        }
        write(mount.resolve("cpu").resolve(relative).resolve("cpu.cfs_quota_us"),
                Long.toString(r.cpuQuota() > 0 ? r.cpuQuota() : -1));
        write(mount.resolve("memory").resolve(relative).resolve("memory.limit_in_bytes"),
                Long.toString(r.memoryLimitBytes() > 0 ? r.memoryLimitBytes() : -1));
        write(mount.resolve("pids").resolve(relative).resolve("pids.max"),
                r.pidsLimit() > 0 ? Long.toString(r.pidsLimit()) : "max");
    }

    // cgroup-v2.rst "Top-down constraint": a controller is usable in a cgroup only when every ancestor enables it
    // in cgroup.subtree_control.
    private void enableControllers(String relative) throws IOException {
        Path dir = mount;
        for (String part : relative.split("/")) {
            String available = ProcFiles.read(dir.resolve("cgroup.controllers"));
            for (String controller : List.of("cpu", "memory", "pids")) {
                if (available.contains(controller)) {
                    write(dir.resolve("cgroup.subtree_control"), "+" + controller);
                }
            }
            dir = dir.resolve(part);
        }
    }

    /**
     * Removes {@code cgroupPath} and then its parents up to, not including, {@code stopAt} (an ancestor path, e.g.
     * "/skiff"), in every hierarchy; a directory that still has tasks or children stays.
     */
    public void removeBottomUp(String cgroupPath, String stopAt) throws IOException {
        String path = "/" + cgroupPath.replaceAll("^/+|/+$", "");
        String stop = "/" + stopAt.replaceAll("^/+|/+$", "");
        for (Path hierarchy : hierarchies()) {
            for (String p = path; p.length() > stop.length() && p.startsWith(stop); p = p.substring(0,
                    p.lastIndexOf('/'))) {
                Path dir = hierarchy.resolve(p.substring(1));
                try {
                    Files.deleteIfExists(dir);
                } catch (java.nio.file.FileSystemException e) {
                    break;
                }
            }
        }
    }

    /** The v2 mount itself, or each v1 hierarchy (and a hybrid machine's unified one); aliases skipped. */
    private List<Path> hierarchies() throws IOException {
        if (unified()) {
            return List.of(mount);
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(mount)) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    out.add(dir);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }
}
