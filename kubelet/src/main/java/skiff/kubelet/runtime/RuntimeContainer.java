package skiff.kubelet.runtime;

import java.time.Instant;

/**
 * One container attempt as observed in the runtime.
 *
 * @param id the runtime's ID, without the {@code type://} scheme
 * @param startedAt null until started
 * @param finishedAt null until exited
 * @param reason for an exited container: Completed, Error, StartError
 * @param message the termination message, "" when none
 * @param interruptedByRestart it was running when Skiff stopped, and exited because Skiff stopped it (or was lost with
 *     a Skiff that died): not the container's own doing
 */
public record RuntimeContainer(String id, String podUid, String name, int attempt, String specHash, String image,
        ContainerState state, Instant createdAt, Instant startedAt, Instant finishedAt, int exitCode, String reason,
        String message, boolean interruptedByRestart) {

    /** An attempt that Skiff did not interrupt. */
    public RuntimeContainer(String id, String podUid, String name, int attempt, String specHash, String image,
            ContainerState state, Instant createdAt, Instant startedAt, Instant finishedAt, int exitCode, String reason,
            String message) {
        this(id, podUid, name, attempt, specHash, image, state, createdAt, startedAt, finishedAt, exitCode, reason,
                message, false);
    }

    public boolean running() {
        return state == ContainerState.RUNNING || state == ContainerState.CREATED;
    }

    public boolean exited() {
        return state == ContainerState.EXITED;
    }

    public boolean succeeded() {
        return exited() && exitCode == 0;
    }
}
