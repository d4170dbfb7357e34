package skiff.bench.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import skiff.bench.Workspace;
import skiff.kubelet.network.CniPodNetwork;
import skiff.kubelet.runtime.runc.CgroupTree;

/**
 * What the benchmark's runc server names on the machine, all its own (so that a developer's {@code skiff server} on
 * the same machine is never touched): bridge, network namespace prefix, cgroup root, runc directory and cluster CIDR;
 * and their removal at the end, also after a failed run.
 *
 * @param runc the runc binary
 */
record RuncHost(String bridge, String netnsPrefix, String cgroupRoot, Path runcRoot, String clusterCidr, Path runc) {
    private static final Path NETNS = Path.of("/var/run/netns");

    static RuncHost random(Path runc) {
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        // 10.210.0.0/16 is neither Skiff's default cluster CIDR (10.42.0.0/16) nor the e2e tests' (10.200.0.0/13).
        return new RuncHost("skb" + run, "skb" + run + "-", "skiff-bench-" + run, Path.of("/run/skiff-bench-" + run),
                "10.210.0.0/16", runc);
    }

    /** The {@code skiff server} options that give it these names. */
    List<String> serverOptions() {
        return List.of("--runtime", "runc", "--cni-bridge", bridge, "--netns-prefix", netnsPrefix, "--cgroup-root",
                cgroupRoot, "--runc-root", runcRoot.toString(), "--cluster-cidr", clusterCidr,
                "--node-cidr-mask-size", "22");
    }

    /** The pods' network namespaces still present. */
    List<String> namespaces() {
        try (Stream<Path> files = Files.list(NETNS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(netnsPrefix)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The pids of the conmon monitors of this server's containers. */
    List<Long> monitors() {
        return ProcessHandle.allProcesses().filter(p -> {
            String cmdline = cmdline(p.pid());
            return (cmdline.startsWith("conmon\0") || cmdline.contains("/conmon\0"))
                    && cmdline.contains(runcRoot + "/");
        }).map(ProcessHandle::pid).toList();
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Removes whatever the server left: containers (runc delete --force, which also ends their monitors), overlay
     * mounts under the runc directory, network namespaces, masquerade rules, the cgroup tree, the bridge and the runc
     * directory.
     */
    void removeLeftovers() {
        Path state = runcRoot.resolve("state");
        if (Files.isDirectory(state)) {
            for (String id : run(List.of(runc.toString(), "--root", state.toString(), "list", "-q"))) {
                run(List.of(runc.toString(), "--root", state.toString(), "delete", "--force", id));
            }
        }
        for (String mount : mountsUnder(runcRoot)) {
            run(List.of("umount", "-l", mount));
        }
        for (String ns : namespaces()) {
            run(List.of("ip", "netns", "del", ns));
        }
        CniPodNetwork.removeMasquerade(bridge);
        CgroupTree.system().removeTree("/" + cgroupRoot);
        if (Files.exists(Path.of("/sys/class/net", bridge))) {
            run(List.of("ip", "link", "del", bridge));
        }
        Workspace.delete(runcRoot);
    }

    private static List<String> mountsUnder(Path dir) {
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String point = line.split(" ")[4];
                if (point.startsWith(dir + "/")) {
                    mounts.add(point);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mounts.reversed();
    }

    private static List<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
            return p.exitValue() == 0 ? out : List.of();
        } catch (IOException e) {
            System.err.println("pods: " + command + " failed: " + e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
