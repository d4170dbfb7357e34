package skiff.kubelet.runtime.runc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The namespaces a pod's containers share, held by the sandbox instead of a pause container (containerd
 * internal/cri/server/sandbox_run.go: the sandbox's IPC namespace and /dev/shm always, its PID namespace with
 * shareProcessNamespace):
 *
 * <ul>
 *   <li>IPC: a namespace made by {@code unshare --ipc=FILE}, which keeps it by a bind mount on {@code ns/ipc} in the
 *       pod's directory, as {@code ip netns} keeps a network namespace;
 *   <li>PID: a namespace can only be joined while its init lives, so a holder process, {@code unshare --pid=FILE
 *       --fork --kill-child} running a shell that waits forever, is init of a new namespace bound on {@code ns/pid}.
 *       Like pause it reaps the orphans the namespace hands it (the shell's {@code wait} reaps any child). It runs in
 *       a session of its own, so that it outlives Skiff as the containers' monitors do, and its PID is recorded in
 *       the sandbox.
 * </ul>
 */
final class PodNamespaces {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    // containerd internal/cri/server/sandbox_run.go (1.7): the pod's /dev/shm is a 64 MiB tmpfs, mode 1777.
    static final long SHM_BYTES = 64L << 20;
    private static final String HOLDER_SCRIPT = "while :; do sleep 3600 & wait; done";

    private PodNamespaces() {}

    static Path ipc(Path podDir) {
        return podDir.resolve("ns").resolve("ipc");
    }

    static Path pid(Path podDir) {
        return podDir.resolve("ns").resolve("pid");
    }

    static Path shm(Path podDir) {
        return podDir.resolve("shm");
    }

    /** A new IPC namespace bound on {@code ns/ipc} and the pod's /dev/shm tmpfs. */
    static void createIpc(Path podDir) throws IOException {
        Path file = ipc(podDir);
        Files.createDirectories(file.getParent());
        if (!HostMounts.under(file).isEmpty()) {
            return;
        }
        Files.write(file, new byte[0]);
        run(List.of("unshare", "--ipc=" + file, "true"));
        Path shm = shm(podDir);
        Files.createDirectories(shm);
        if (HostMounts.under(shm).isEmpty()) {
            HostMounts.tmpfs(shm, SHM_BYTES, "1777");
        }
    }

    /**
     * The pod's PID namespace, starting its holder when {@code holderPid} is not (or no longer) running it: returns
     * the holder's PID, which the caller records.
     */
    static long ensurePidHolder(Path podDir, long holderPid) throws IOException {
        Path file = pid(podDir);
        if (holderAlive(podDir, holderPid) && !HostMounts.under(file).isEmpty()) {
            return holderPid;
        }
        HostMounts.unmountAll(file);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);
        Process holder = new ProcessBuilder("setsid", "unshare", "--pid=" + file, "--fork", "--kill-child",
                "/bin/sh", "-c", HOLDER_SCRIPT).redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // unshare binds the namespace, then forks the init: a container joining before would become the init itself.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (HostMounts.under(file).isEmpty() || init(holder.pid()).isEmpty()) {
            if (!holder.isAlive() || System.nanoTime() > deadline) {
                holder.destroyForcibly();
                HostMounts.unmountAll(file);
                throw new IOException("the PID namespace holder of " + podDir + " did not start");
            }
            LockSupport.parkNanos(1_000_000);
        }
        return holder.pid();
    }

    /** Whether {@code pid} is the holder of this pod's PID namespace (a PID may have been reused since). */
    static boolean holderAlive(Path podDir, long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            return cmdline.contains("--pid=" + pid(podDir) + "\0") && init(pid).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the holder, and with its init every process left in the namespace. */
    static void stopPidHolder(Path podDir, long pid) {
        if (holderAlive(podDir, pid)) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).exceptionally(e -> p)
                        .join();
            });
        }
    }

    /** The holder's child in the new namespace (not unshare's helper that binds the file, in the holder's own). */
    private static Optional<Long> init(long holderPid) {
        try {
            Path holder = Path.of("/proc", Long.toString(holderPid));
            Path own = Files.readSymbolicLink(holder.resolve("ns/pid"));
            String children = Files.readString(holder.resolve("task").resolve(Long.toString(holderPid))
                    .resolve("children"), StandardCharsets.UTF_8).strip();
            for (String child : children.isEmpty() ? new String[0] : children.split(" ")) {
                if (!Files.readSymbolicLink(Path.of("/proc", child, "ns/pid")).equals(own)) {
                    return Optional.of(Long.parseLong(child));
                }
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void run(List<String> argv) throws IOException {
        RuncCli.Result r = RuncCli.run(argv, TIMEOUT);
        if (!r.ok()) {
            throw new IOException(String.join(" ", argv) + " failed: " + r.output().strip());
        }
    }
}
