package skiff.simulator;

import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.Map;

/**
 * How many fake nodes to run and what each offers.
 *
 * @param nodes how many nodes
 * @param namePrefix nodes are named {@code namePrefix-0}, {@code namePrefix-1}, ...
 * @param cpu, memory, pods each node's capacity (also its allocatable)
 * @param leaseInterval how often each node renews its Lease (kubelets renew every 10 s)
 * @param statusInterval how often each node checks its status against the stored one and writes it if it differs
 *     (a kubelet's nodeStatusUpdateFrequency, 10 s)
 * @param statusReportInterval how often each node writes its status even when nothing changed (a kubelet's
 *     nodeStatusReportFrequency, 5 min)
 * @param concurrency how many API requests the simulator keeps in flight (as many again while it registers nodes)
 */
public record SimulatorConfig(int nodes, String namePrefix, Quantity cpu, Quantity memory, Quantity pods,
        Duration leaseInterval, Duration statusInterval, Duration statusReportInterval, int concurrency) {
    public static SimulatorConfig of(int nodes) {
        return new SimulatorConfig(nodes, "sim", new Quantity("8"), new Quantity("32Gi"), new Quantity("110"),
                Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(5), 32);
    }

    public SimulatorConfig withNamePrefix(String prefix) {
        return new SimulatorConfig(nodes, prefix, cpu, memory, pods, leaseInterval, statusInterval,
                statusReportInterval, concurrency);
    }

    public SimulatorConfig withCapacity(String newCpu, String newMemory, String newPods) {
        return new SimulatorConfig(nodes, namePrefix, new Quantity(newCpu), new Quantity(newMemory),
                new Quantity(newPods), leaseInterval, statusInterval, statusReportInterval, concurrency);
    }

    /** Lease renewals every {@code lease} and status checks every {@code status}. */
    public SimulatorConfig withIntervals(Duration lease, Duration status) {
        return new SimulatorConfig(nodes, namePrefix, cpu, memory, pods, lease, status, statusReportInterval,
                concurrency);
    }

    public String nodeName(int index) {
        return namePrefix + "-" + index;
    }

    Map<String, Quantity> capacity() {
        return Map.of("cpu", cpu, "memory", memory, "pods", pods, "ephemeral-storage", new Quantity("100Gi"));
    }
}
