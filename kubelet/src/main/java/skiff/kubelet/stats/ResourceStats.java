package skiff.kubelet.stats;

import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import skiff.api.time.Clock;
import skiff.kubelet.runtime.ContainerRuntime;
import skiff.kubelet.runtime.RuntimeContainer;

/**
 * Collects the node's and its pods' usage on demand, as the kubelet's summary provider does from cadvisor and the
 * CRI (k/k pkg/kubelet/stats): the machine from procfs, each running container from its runtime. CPU rates
 * (usageNanoCores) are computed against the previous collection, which is kept.
 */
public final class ResourceStats {
    private static final String NODE = "";

    private final String nodeName;
    private final ContainerRuntime runtime;
    private final Supplier<List<Pod>> pods;
    private final NodeUsage machine;
    private final Path rootDir;
    private final Clock clock;
    private Map<String, ResourceUsage> previous = Map.of();

    /**
     * @param pods the pods bound to this node
     * @param rootDir the kubelet's directory, whose filesystem is the node's
     */
    public ResourceStats(String nodeName, ContainerRuntime runtime, Supplier<List<Pod>> pods, NodeUsage machine,
            Path rootDir, Clock clock) {
        this.nodeName = nodeName;
        this.runtime = runtime;
        this.pods = pods;
        this.machine = machine;
        this.rootDir = rootDir;
        this.clock = clock;
    }

    public synchronized NodeStats collect() {
        Map<String, ResourceUsage> current = new HashMap<>();
        Optional<ResourceUsage> node = machine.read(clock.now());
        node.ifPresent(u -> current.put(NODE, u));
        List<PodContainers> running = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Pod pod : pods.get()) {
            List<RuntimeContainer> containers = new ArrayList<>();
            for (RuntimeContainer c : runtime.podStatus(pod.getMetadata().getUid()).containers()) {
                if (c.running() && c.startedAt() != null) {
                    containers.add(c);
                    ids.add(c.id());
                }
            }
            running.add(new PodContainers(pod, containers));
        }
        Map<String, ResourceUsage> usages = runtime.containerStats(ids);
        List<PodUsage> podUsages = new ArrayList<>();
        for (PodContainers p : running) {
            Pod pod = p.pod();
            List<PodUsage.Container> containers = new ArrayList<>();
            for (RuntimeContainer c : p.running()) {
                ResourceUsage usage = usages.get(c.id());
                if (usage != null) {
                    current.put(c.id(), usage);
                    containers.add(new PodUsage.Container(c.name(), c.startedAt(), usage, rate(c.id(), usage)));
                }
            }
            if (!containers.isEmpty()) {
                String started = pod.getStatus() == null ? null : pod.getStatus().getStartTime();
                podUsages.add(new PodUsage(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                        pod.getMetadata().getUid(), started == null ? null : Instant.parse(started), containers));
            }
        }
        OptionalLong nodeRate = node.map(u -> rate(NODE, u)).orElse(OptionalLong.empty());
        previous = current;
        return new NodeStats(nodeName, machine.bootTime(), node, nodeRate, machine.availableBytes(), filesystem(),
                podUsages);
    }

    private record PodContainers(Pod pod, List<RuntimeContainer> running) {}

    private OptionalLong rate(String key, ResourceUsage usage) {
        ResourceUsage before = previous.get(key);
        return before == null ? OptionalLong.empty() : usage.nanoCoresSince(before);
    }

    private NodeStats.Filesystem filesystem() {
        try {
            FileStore store = Files.getFileStore(rootDir);
            long capacity = store.getTotalSpace();
            return new NodeStats.Filesystem(capacity, store.getUsableSpace(), capacity - store.getUnallocatedSpace());
        } catch (IOException e) {
            return new NodeStats.Filesystem(0, 0, 0);
        }
    }
}
