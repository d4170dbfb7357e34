package skiff.kubelet.runtime.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the runc runtime can work on this machine ({@code --runtime auto}): running as root, {@code runc}
 * and {@code conmon} on the PATH, the CNI plugins in the CNI bin directory, cgroups with the memory, cpu and pids
 * controllers (v1 hierarchies or v2's unified tree), and overlayfs. The machine is seen through {@link Environment}
 * so that the decision can be tested on a made-up one.
 */
public final class RuntimeProbe {
    /** The CNI plugins the pod network runs (CNI spec: bridge with host-local IPAM, loopback). */
    static final List<String> CNI_PLUGINS = List.of("bridge", "host-local", "loopback");
    static final String HOW_TO_GET = "apt-get install runc conmon containernetworking-plugins";

    /** What the probe reads of the machine. */
    public interface Environment {
        boolean root();

        /** An executable of that name on the PATH. */
        Optional<Path> onPath(String name);

        boolean isExecutable(Path file);

        /** The names of /proc/filesystems' second column. */
        Set<String> filesystems();

        /** cgroup v2: the controllers of the unified tree; empty when the machine has v1 hierarchies. */
        Optional<Set<String>> unifiedControllers();

        /** cgroup v1: the controllers with a mounted hierarchy. */
        Set<String> v1Controllers();
    }

    /**
     * The decision.
     *
     * @param reasons why runc cannot be used (empty when it can), or, when it can, what was found
     */
    public record Decision(boolean useRunc, Path runc, Path conmon, List<String> reasons) {
        public Decision {
            reasons = List.copyOf(reasons);
        }

        /** The start-up log line's explanation. */
        public String explanation() {
            return useRunc ? "runc " + runc + " with conmon " + conmon + " (" + String.join(", ", reasons) + ")"
                    : "the process runtime, because " + String.join("; ", reasons) + " (to get runc: "
                            + HOW_TO_GET + ")";
        }
    }

    private final Environment env;
    private final List<Path> cniBinDirs;

    /** @param cniBinDirs where the CNI plugins are looked up, in order (CNI_PATH) */
    public RuntimeProbe(Environment env, List<Path> cniBinDirs) {
        this.env = env;
        this.cniBinDirs = List.copyOf(cniBinDirs);
    }

    public static RuntimeProbe system(List<Path> cniBinDirs) {
        return new RuntimeProbe(new SystemEnvironment(), cniBinDirs);
    }

    public Decision decide() {
        List<String> missing = new ArrayList<>();
        if (!env.root()) {
            missing.add("Skiff does not run as root");
        }
        Optional<Path> runc = env.onPath("runc");
        if (runc.isEmpty()) {
            missing.add("runc is not on the PATH");
        }
        Optional<Path> conmon = env.onPath("conmon");
        if (conmon.isEmpty()) {
            missing.add("conmon is not on the PATH");
        }
        List<String> plugins = CNI_PLUGINS.stream()
                .filter(p -> cniBinDirs.stream().noneMatch(d -> env.isExecutable(d.resolve(p)))).toList();
        if (!plugins.isEmpty()) {
            missing.add("the CNI plugins " + String.join(", ", plugins) + " are not in " + dirs());
        }
        Set<String> needed = Set.of("memory", "cpu", "pids");
        Optional<Set<String>> unified = env.unifiedControllers();
        String cgroups;
        if (unified.isPresent()) {
            cgroups = "cgroup v2";
            List<String> absent = needed.stream().filter(c -> !unified.get().contains(c)).sorted().toList();
            if (!absent.isEmpty()) {
                missing.add("the cgroup v2 tree lacks the controllers " + String.join(", ", absent));
            }
        } else {
            cgroups = "cgroup v1";
            List<String> absent = needed.stream().filter(c -> !env.v1Controllers().contains(c)).sorted().toList();
            if (!absent.isEmpty()) {
                missing.add("no cgroup v1 hierarchy for " + String.join(", ", absent));
            }
        }
        if (!env.filesystems().contains("overlay")) {
            missing.add("overlayfs is not in /proc/filesystems");
        }
        if (!missing.isEmpty()) {
            return new Decision(false, runc.orElse(null), conmon.orElse(null), missing);
        }
        return new Decision(true, runc.get(), conmon.get(), List.of("root", cgroups, "overlayfs",
                "CNI plugins in " + dirs()));
    }

    private String dirs() {
        return cniBinDirs.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(":"));
    }

    /** This machine. */
    static final class SystemEnvironment implements Environment {
        @Override
        public boolean root() {
            try {
                return "0".equals(RuncCli.run(List.of("id", "-u"), java.time.Duration.ofSeconds(10)).output()
                        .strip());
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public Optional<Path> onPath(String name) {
            String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                    + "/sbin:/bin");
            List<String> dirs = new ArrayList<>(List.of(path.split(":")));
            // sbin is not on every user's PATH, yet runc lives there on Debian.
            dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
            return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(this::isExecutable)
                    .findFirst();
        }

        @Override
        public boolean isExecutable(Path file) {
            return Files.isRegularFile(file) && Files.isExecutable(file);
        }

        @Override
        public Set<String> filesystems() {
            try {
                return Set.copyOf(Files.readAllLines(Path.of("/proc/filesystems")).stream()
                        .map(l -> l.contains("\t") ? l.substring(l.lastIndexOf('\t') + 1) : l.strip()).toList());
            } catch (IOException e) {
                return Set.of();
            }
        }

        @Override
        public Optional<Set<String>> unifiedControllers() {
            Path controllers = Path.of("/sys/fs/cgroup/cgroup.controllers");
            try {
                return Files.exists(controllers)
                        ? Optional.of(Set.of(Files.readString(controllers).strip().split("\\s+")))
                        : Optional.empty();
            } catch (IOException e) {
                return Optional.of(Set.of());
            }
        }

        @Override
        public Set<String> v1Controllers() {
            CgroupTree tree = CgroupTree.system();
            return Set.copyOf(tree.hierarchies().stream()
                    .filter(h -> Files.exists(h.resolve("cgroup.procs")))
                    .flatMap(h -> List.of(h.getFileName().toString().split(",")).stream()).toList());
        }
    }
}
