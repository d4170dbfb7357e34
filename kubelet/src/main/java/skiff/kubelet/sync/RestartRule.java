package skiff.kubelet.sync;

import skiff.kubelet.runtime.RuntimeContainer;

/** Whether an exited container is started again. */
public final class RestartRule {
    private RestartRule() {}

    // docs concepts/workloads/pods/pod-lifecycle.md "Container restart policy": Always restarts any exit, OnFailure
    // a non-zero exit, Never none.
    public static boolean restarts(String restartPolicy, int exitCode) {
        return switch (restartPolicy) {
            case "Never" -> false;
            case "OnFailure" -> exitCode != 0;
            default -> true;
        };
    }

    /**
     * An exited attempt of a regular container. One that Skiff's own stop interrupted starts again whatever the
     * policy: Kubernetes leaves containers running across a kubelet restart, so their pods do not end with it.
     */
    public static boolean restarts(String restartPolicy, RuntimeContainer exited) {
        return exited.interruptedByRestart() || restarts(restartPolicy, exited.exitCode());
    }

    /** An exited attempt of a regular init container; one Skiff interrupted starts again as a failed one would. */
    public static boolean restartsInit(String restartPolicy, RuntimeContainer exited) {
        return exited.exitCode() != 0 && (exited.interruptedByRestart() || restartsInit(restartPolicy,
                exited.exitCode()));
    }

    // docs concepts/workloads/pods/init-containers.md: an init container must exit 0; a failed one is retried unless
    // the pod's policy is Never (Always counts as OnFailure).
    public static boolean restartsInit(String restartPolicy, int exitCode) {
        return exitCode != 0 && !restartPolicy.equals("Never");
    }
}
