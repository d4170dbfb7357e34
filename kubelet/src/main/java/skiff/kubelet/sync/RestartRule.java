package skiff.kubelet.sync;

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

    // docs concepts/workloads/pods/init-containers.md: an init container must exit 0; a failed one is retried unless
    // the pod's policy is Never (Always counts as OnFailure).
    public static boolean restartsInit(String restartPolicy, int exitCode) {
        return exitCode != 0 && !restartPolicy.equals("Never");
    }
}
