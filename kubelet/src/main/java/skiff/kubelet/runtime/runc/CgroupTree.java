package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cgroup filesystem as runc's cgroupfs driver uses it: v1 (one hierarchy per controller under
 * {@code /sys/fs/cgroup}) or v2 (one unified tree). Finds a container's OOM kills and removes the parents runc
 * leaves behind (runc deletes only the container's own cgroup).
 */
public record CgroupTree(Path mountRoot) {

    public static CgroupTree system() {
        return new CgroupTree(Path.of("/sys/fs/cgroup"));
    }

    boolean unified() {
        return Files.exists(mountRoot.resolve("cgroup.controllers"));
    }

    /** The roots of every hierarchy: the unified tree, or each v1 controller's (and v1 hybrid's unified) one. */
    List<Path> hierarchies() {
        if (unified()) {
            return List.of(mountRoot);
        }
        try (Stream<Path> dirs = Files.list(mountRoot)) {
            return dirs.filter(d -> Files.isDirectory(d) && !Files.isSymbolicLink(d)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    // Linux Documentation/admin-guide/cgroup-v1/memory.rst memory.oom_control and cgroup-v2.rst memory.events: the
    // oom_kill counter counts processes the OOM killer killed in the group.
    /** How many processes of the cgroup at {@code path} (absolute, as in config.json) the OOM killer killed. */
    long oomKills(String path) {
        Path file = unified() ? mountRoot.resolve(relative(path)).resolve("memory.events")
                : mountRoot.resolve("memory").resolve(relative(path)).resolve("memory.oom_control");
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("oom_kill ")) {
                    return Long.parseLong(line.substring("oom_kill ".length()).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Removes the cgroup at {@code path} and every empty group below it, bottom-up, in every hierarchy. */
    public void removeTree(String path) {
        for (Path hierarchy : hierarchies()) {
            Path top = hierarchy.resolve(relative(path));
            if (!Files.isDirectory(top)) {
                continue;
            }
            List<Path> dirs = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(top)) {
                walk.filter(Files::isDirectory).forEach(dirs::add);
            } catch (IOException e) {
                continue;
            }
            dirs.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path dir : dirs) {
                try {
                    Files.delete(dir);
                } catch (IOException e) {
                    // Busy (a process still in it) or already gone: a later removal tries again.
                }
            }
        }
    }

    private static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
