package skiff.kubelet.runtime;

/** What a Linux runtime needs of a container beyond its process: cgroup limits, OOM score, security context. */
public record LinuxContainerConfig(LinuxResources resources, int oomScoreAdj, LinuxContainerSecurity security) {

    /** A container with no resources and no security context (BestEffort). */
    public static LinuxContainerConfig none() {
        return new LinuxContainerConfig(LinuxResources.none(), 1000, LinuxContainerSecurity.none());
    }
}
