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
 */
public record RuntimeContainer(String id, String podUid, String name, int attempt, String specHash, String image,
        ContainerState state, Instant createdAt, Instant startedAt, Instant finishedAt, int exitCode, String reason,
        String message) {

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
