package skiff.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The servers a run has spawned; a shutdown hook kills any still alive, so an interrupted run leaves none behind. */
public final class ChildProcesses {
    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(Process::destroyForcibly),
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
