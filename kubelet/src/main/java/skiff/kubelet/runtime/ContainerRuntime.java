package skiff.kubelet.runtime;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the kubelet asks of a container runtime, shaped like the CRI (k/k staging/src/k8s.io/cri-api RuntimeService):
 * a per-pod sandbox that owns the pod's directories and volumes, containers started into it one attempt at a time,
 * and observed state read back as plain values. Implementations: {@code process} (host process groups) and, later,
 * {@code runc}.
 *
 * <p>Calls for one pod come from one pod worker at a time; calls for different pods may run concurrently.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** The runtime's name, the scheme of container IDs ({@code process://...}). */
    String type();

    /** Reported in the Node's {@code containerRuntimeVersion} as {@code type://version}. */
    String version();

    /** Creates the pod's sandbox and volumes; idempotent (an existing sandbox is returned as is). */
    Sandbox createSandbox(SandboxConfig config);

    Optional<Sandbox> sandbox(String podUid);

    /**
     * Swaps new contents into a configMap, secret, downwardAPI or projected volume of a pod's sandbox with the
     * atomic writer's link swap, so that running containers see all files change at once; nothing is written when
     * the contents are unchanged. Returns whether they changed.
     */
    boolean updateVolume(String podUid, VolumeConfig.Files volume) throws java.io.IOException;

    /** Deletes the sandbox and everything in it, logs included. Containers must have been stopped. */
    void removeSandbox(String podUid);

    /** UIDs of every pod with a sandbox, for housekeeping of pods the API no longer has. */
    List<String> sandboxes();

    /** Starts one attempt of a container; an expected failure (bad config) is a value, not an exception. */
    StartResult startContainer(Sandbox sandbox, ContainerConfig config);

    /**
     * Stops a container: the stop signal to all its processes, then, if still running when {@code grace} expires,
     * SIGKILL. Returns once the container has exited. A container that is not running is left as it is.
     */
    void stopContainer(String containerId, Duration grace);

    /**
     * Stops a container as {@link #stopContainer} does because Skiff itself is stopping: the attempt is reported
     * {@link RuntimeContainer#interruptedByRestart()} from then on, also by a runtime started again on the same state.
     */
    void stopForShutdown(String containerId, Duration grace);

    /** Forgets an exited container and deletes its log. */
    void removeContainer(String containerId);

    /** Every container attempt the runtime still knows for this pod, and its sandbox. */
    PodRuntimeStatus podStatus(String podUid);

    /** Runs a command "inside" a running container (exec probes, preStop hooks). */
    ExecResult exec(String containerId, List<String> command, Duration timeout);

    /**
     * Runs a command in a running container's environment with its streams attached (CRI Exec, k/k
     * pkg/kubelet/cri/streaming/remotecommand ServeExec) and returns its exit code once it has ended and its output
     * is copied. Interrupting the calling thread kills the command.
     *
     * @throws IllegalStateException when the container is not running
     */
    int execStreaming(String containerId, List<String> command, ExecStreams streams) throws InterruptedException;

    /**
     * Attaches to a running container's own streams (CRI Attach, k/k pkg/kubelet/cri/streaming/remotecommand
     * ServeAttach): its output from now on, input to its stdin when it was created with {@code stdin}, terminal sizes
     * when it has a TTY. Returns when the container's output ends (it exited), or when the caller's stdin ends: at
     * once (a detach), or for a {@code stdinOnce} container, whose stdin then closes, once it has exited.
     * Interrupting the calling thread detaches.
     *
     * @throws IllegalStateException when the container is not running
     */
    void attach(String containerId, ExecStreams streams) throws InterruptedException;

    /** The log file of a container attempt the runtime still knows, for {@code kubectl logs}. */
    Optional<java.nio.file.Path> logPath(String containerId);

    /**
     * A running container's CPU and memory now (CRI ContainerStats), or empty when it is not running or its usage
     * cannot be read.
     */
    Optional<skiff.kubelet.stats.ResourceUsage> containerStats(String containerId);

    /** {@link #containerStats(String)} of several containers at once; a container without usage has no entry. */
    default Map<String, skiff.kubelet.stats.ResourceUsage> containerStats(Collection<String> containerIds) {
        Map<String, skiff.kubelet.stats.ResourceUsage> usages = new HashMap<>();
        for (String id : containerIds) {
            containerStats(id).ifPresent(u -> usages.put(id, u));
        }
        return usages;
    }

    /** Registers a listener told the pod UID whenever one of its containers exits. */
    void onContainerExit(Consumer<String> listener);

    /** Releases the runtime's own resources; running containers are not stopped. */
    @Override
    void close();
}
