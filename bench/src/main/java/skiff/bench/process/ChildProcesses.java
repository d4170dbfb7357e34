package skiff.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The servers a run has spawned; a shutdown hook stops any still alive, so an interrupted run leaves none behind. The
 * hook stops them as {@link #stop} does (SIGTERM first), so that a server stops its pods (process-runtime containers
 * run in sessions of their own and outlive a killed server).
 */
public final class ChildProcesses {
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();
    private static final Duration GRACE = Duration.ofSeconds(30);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(List.copyOf(ALIVE), GRACE),
                "bench-child-reaper"));
    }

    private ChildProcesses() {}

    /** Starts the process and keeps track of it until it exits. */
    public static Process spawn(ProcessBuilder builder) {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
        ALIVE.add(process);
        process.onExit().thenRun(() -> ALIVE.remove(process));
        return process;
    }

    /** SIGTERM to all, then SIGKILL to those that have not exited within {@code grace} of it. */
    static void stopAll(List<Process> processes, Duration grace) {
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Process process : processes) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            processes.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited within 30 s. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
