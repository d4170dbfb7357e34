package skiff.kubelet.runtime.process;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import skiff.kubelet.runtime.ContainerConfig;
import skiff.kubelet.runtime.ContainerState;
import skiff.kubelet.runtime.RuntimeContainer;

/** One container attempt of the process runtime: its process group and what is known about it. */
final class ProcessContainer {
    final String id;
    final ContainerConfig config;
    final java.util.Map<String, String> env;
    final java.nio.file.Path workingDir;
    final ContainerLog log;
    final java.nio.file.Path terminationMessage;
    final Instant createdAt;
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    private Process process;
    private ContainerStdio stdio;
    private ContainerState state = ContainerState.CREATED;
    private Instant startedAt;
    private Instant finishedAt;
    private int exitCode;
    private String reason = "";
    private String message = "";
    private boolean interruptedByRestart;

    ProcessContainer(String id, ContainerConfig config, java.util.Map<String, String> env,
            java.nio.file.Path workingDir, ContainerLog log, java.nio.file.Path terminationMessage, Instant createdAt) {
        this.id = id;
        this.config = config;
        this.env = env;
        this.workingDir = workingDir;
        this.log = log;
        this.terminationMessage = terminationMessage;
        this.createdAt = createdAt;
    }

    /** An attempt a previous runtime left on disk, as it was last recorded: exited, without a process. */
    static ProcessContainer restored(RuntimeContainer r, ContainerLog log, java.nio.file.Path attemptDir) {
        ContainerConfig config = new ContainerConfig(r.podUid(), r.name(), r.attempt(), r.specHash(), r.image(),
                List.of(), List.of(), Map.of(), "", List.of(), false);
        ProcessContainer c = new ProcessContainer(r.id(), config, Map.of(), attemptDir, log,
                attemptDir.resolve("termination-log"), r.createdAt());
        c.startedAt = r.startedAt();
        c.interruptedByRestart = r.interruptedByRestart();
        c.exited(r.exitCode(), r.reason(), r.message(), r.finishedAt());
        c.exitRecorded();
        return c;
    }

    synchronized void started(Process p, ContainerStdio io, Instant at) {
        process = p;
        stdio = io;
        startedAt = at;
        state = ContainerState.RUNNING;
    }

    synchronized void exited(int code, String exitReason, String exitMessage, Instant at) {
        exitCode = code;
        reason = exitReason;
        message = exitMessage;
        finishedAt = at;
        state = ContainerState.EXITED;
    }

    /** The exit is on disk: whoever waits for it may go on (the JVM may end as soon as a shutdown's stops return). */
    void exitRecorded() {
        exited.complete(null);
    }

    /** Skiff is stopping this attempt for its own shutdown, not for the pod. */
    synchronized void interruptedByRestart() {
        interruptedByRestart = true;
    }

    synchronized boolean running() {
        return state == ContainerState.RUNNING;
    }

    /** The running attempt's stdio; null for an attempt restored from disk. */
    synchronized ContainerStdio stdio() {
        return stdio;
    }

    synchronized long pgid() {
        return process == null ? -1 : process.pid();
    }

    /** Waits for the exit to be recorded; false if it did not happen within {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        try {
            exited.get(Math.max(timeout.toMillis(), 0), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    synchronized RuntimeContainer snapshot() {
        return new RuntimeContainer(id, config.podUid(), config.name(), config.attempt(), config.specHash(),
                config.image(), state, createdAt, startedAt, finishedAt, exitCode, reason, message,
                interruptedByRestart);
    }
}
