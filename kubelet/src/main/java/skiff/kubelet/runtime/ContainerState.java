package skiff.kubelet.runtime;

/** A container attempt's state as the runtime sees it (k/k pkg/kubelet/container ContainerState). */
public enum ContainerState {
    CREATED,
    RUNNING,
    EXITED,
    UNKNOWN
}
