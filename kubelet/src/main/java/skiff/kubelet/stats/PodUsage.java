package skiff.kubelet.stats;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * A pod's running containers' usage at one collection (k/k stats/v1alpha1 PodStats).
 *
 * @param startTime the pod's status.startTime, null when not yet set
 */
public record PodUsage(String namespace, String name, String uid, Instant startTime, List<Container> containers) {
    public PodUsage {
        containers = List.copyOf(containers);
    }

    /** The pod's usage: its containers' summed (cadvisor's pod cgroup holds exactly those). */
    public ResourceUsage total() {
        return containers.stream().map(Container::usage).reduce(ResourceUsage::plus).orElseThrow();
    }

    /** The pod's CPU rate: its containers' summed, when each has one. */
    public OptionalLong nanoCores() {
        long sum = 0;
        for (Container c : containers) {
            if (c.nanoCores().isEmpty()) {
                return OptionalLong.empty();
            }
            sum += c.nanoCores().getAsLong();
        }
        return OptionalLong.of(sum);
    }

    /**
     * One running container.
     *
     * @param nanoCores its CPU rate since the previous collection, empty on the first
     */
    public record Container(String name, Instant startTime, ResourceUsage usage, OptionalLong nanoCores) {}
}
