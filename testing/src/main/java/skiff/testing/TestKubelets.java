package skiff.testing;

import skiff.server.KubeletOptions;

/**
 * Kubelet options for tests. {@link KubeletOptions#defaults()} are {@code skiff server}'s: runtime {@code auto},
 * which picks runc on a root machine with runc, and the machine's bridge {@code skiff0}, cgroups under {@code /skiff}
 * and kubelet port 10250, which a developer's running server uses. Tests start from these instead.
 */
public final class TestKubelets {
    private TestKubelets() {}

    /** The process runtime (pods are host processes), on a free kubelet port, node named after the host. */
    public static KubeletOptions process() {
        return KubeletOptions.defaults().withPort(0).withRuntime(KubeletOptions.RuntimeKind.PROCESS);
    }

    /** The process runtime on a free kubelet port, node {@code nodeName}. */
    public static KubeletOptions process(String nodeName) {
        return process().withNodeName(nodeName);
    }

    /**
     * The runc runtime on a free kubelet port, node {@code nodeName}, with a bridge, network namespace prefix and
     * cgroup root of its own named after {@code run} (up to 8 letters or digits, e.g. random hex): whatever the run
     * leaves behind can be told apart and removed, and nothing of another server's is touched. The runc directory
     * is in the server's data directory, as by default.
     */
    public static KubeletOptions runc(String nodeName, String run) {
        return KubeletOptions.defaults().withPort(0).withRuntime(KubeletOptions.RuntimeKind.RUNC)
                .withNodeName(nodeName).withHostNames(new KubeletOptions.HostNames("skt" + run, "skt" + run + "-",
                        "skiff-test-" + run, null));
    }
}
