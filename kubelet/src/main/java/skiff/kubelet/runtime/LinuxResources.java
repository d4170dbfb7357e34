package skiff.kubelet.runtime;

/**
 * Cgroup limits as CRI's LinuxContainerResources carries them; 0 means unset.
 *
 * @param cpuShares cgroup v1 cpu.shares (at least 2)
 * @param cpuQuota CFS quota in microseconds per {@code cpuPeriod}
 * @param cpuPeriod CFS period in microseconds
 * @param memoryLimitBytes hard memory limit
 * @param pidsLimit maximum number of tasks
 */
public record LinuxResources(long cpuShares, long cpuQuota, long cpuPeriod, long memoryLimitBytes, long pidsLimit) {

    /** No limits, the minimum cpu shares: what a BestEffort container gets. */
    public static LinuxResources none() {
        return new LinuxResources(2, 0, 0, 0, 0);
    }
}
