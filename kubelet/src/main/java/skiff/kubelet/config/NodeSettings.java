package skiff.kubelet.config;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import skiff.kubelet.node.NodeStatusBuilder;

/**
 * The node-level kubelet settings a pod's Linux configuration depends on.
 *
 * @param cgroupRoot the cgroup under which Skiff lays out {@code kubepods}, without slashes, e.g. {@code skiff}
 * @param memoryCapacityBytes the node's memory, for Burstable containers' OOM score
 * @param podPidsLimit the kubelet's {@code podPidsLimit}; -1 or 0 for none
 * @param kubeletRoot the kubelet's root directory; Localhost seccomp profiles live in its {@code seccomp} directory
 * @param seccompDefault the kubelet's {@code seccompDefault}: RuntimeDefault when a pod names no profile
 * @param clusterDns the cluster DNS servers pods resolve with (k/k --cluster-dns); empty for none
 * @param clusterDomain the cluster domain (k/k --cluster-domain)
 * @param resolvConf the node's resolver configuration (k/k --resolv-conf), null for none
 */
public record NodeSettings(String cgroupRoot, long memoryCapacityBytes, long podPidsLimit, Path kubeletRoot,
        boolean seccompDefault, List<String> clusterDns, String clusterDomain, Path resolvConf) {
    public static final String DEFAULT_CGROUP_ROOT = "skiff";
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    public static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");

    public NodeSettings {
        clusterDns = List.copyOf(clusterDns);
    }

    /** Settings without cluster DNS, the node's /etc/resolv.conf. */
    public NodeSettings(String cgroupRoot, long memoryCapacityBytes, long podPidsLimit, Path kubeletRoot,
            boolean seccompDefault) {
        this(cgroupRoot, memoryCapacityBytes, podPidsLimit, kubeletRoot, seccompDefault, List.of(),
                DEFAULT_CLUSTER_DOMAIN, DEFAULT_RESOLV_CONF);
    }

    /** Cgroup root {@code skiff}, this machine's memory, no pids limit, {@code /var/lib/skiff/kubelet}. */
    public static NodeSettings defaults() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return new NodeSettings(DEFAULT_CGROUP_ROOT, memory, -1, Path.of("/var/lib/skiff/kubelet"), false);
    }

    /** The node's allocatable memory as its status reports it: capacity less the memory eviction threshold. */
    public long allocatableMemoryBytes() {
        return Math.max(0, memoryCapacityBytes - NodeStatusBuilder.EVICTION_MEMORY_BYTES);
    }

    public NodeSettings withKubeletRoot(Path root) {
        return new NodeSettings(cgroupRoot, memoryCapacityBytes, podPidsLimit, root, seccompDefault, clusterDns,
                clusterDomain, resolvConf);
    }

    public NodeSettings withCgroupRoot(String root) {
        return new NodeSettings(root, memoryCapacityBytes, podPidsLimit, kubeletRoot, seccompDefault, clusterDns,
                clusterDomain, resolvConf);
    }

    /** Pods with dnsPolicy ClusterFirst resolve with {@code servers} and search {@code domain}'s names. */
    public NodeSettings withClusterDns(List<String> servers, String domain) {
        return new NodeSettings(cgroupRoot, memoryCapacityBytes, podPidsLimit, kubeletRoot, seccompDefault, servers,
                domain, resolvConf);
    }
}
