package skiff.kubelet.runtime;

/** The outcome of starting a container. */
public sealed interface StartResult {

    record Started(String containerId) implements StartResult {}

    /**
     * The container could not be started; {@code reason} is the waiting reason the pod status shows
     * (CreateContainerConfigError, CreateContainerError, RunContainerError).
     */
    record Failed(String reason, String message) implements StartResult {}
}
