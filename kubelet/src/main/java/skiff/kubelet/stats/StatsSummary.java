package skiff.kubelet.stats;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;
import skiff.api.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /stats/summary}: the kubelet's stats/v1alpha1 Summary (k/k staging/src/k8s.io/kubelet/pkg/apis/stats/
 * v1alpha1/types.go) of the node (CPU, memory, the root directory's filesystem) and of each pod with a running
 * container, and of those containers. Absent values are left out, as the Go types' omitempty pointers are.
 */
public final class StatsSummary {
    private StatsSummary() {}

    public static ObjectNode render(NodeStats stats) {
        ObjectNode summary = Json.object();
        ObjectNode node = summary.putObject("node");
        node.put("nodeName", stats.nodeName());
        node.put("startTime", time(stats.bootTime()));
        stats.node().ifPresent(n -> {
            cpu(node.putObject("cpu"), n, stats.nodeNanoCores());
            memory(node.putObject("memory"), n).put("availableBytes", stats.memoryAvailableBytes());
            ObjectNode fs = node.putObject("fs");
            fs.put("time", time(n.time()));
            fs.put("availableBytes", stats.fs().availableBytes());
            fs.put("capacityBytes", stats.fs().capacityBytes());
            fs.put("usedBytes", stats.fs().usedBytes());
        });
        ArrayNode pods = summary.putArray("pods");
        for (PodUsage pod : stats.pods()) {
            ObjectNode p = pods.addObject();
            ObjectNode ref = p.putObject("podRef");
            ref.put("name", pod.name());
            ref.put("namespace", pod.namespace());
            ref.put("uid", pod.uid());
            if (pod.startTime() != null) {
                p.put("startTime", time(pod.startTime()));
            }
            ArrayNode containers = p.putArray("containers");
            for (PodUsage.Container c : pod.containers()) {
                ObjectNode o = containers.addObject();
                o.put("name", c.name());
                o.put("startTime", time(c.startTime()));
                cpu(o.putObject("cpu"), c.usage(), c.nanoCores());
                memory(o.putObject("memory"), c.usage());
            }
            cpu(p.putObject("cpu"), pod.total(), pod.nanoCores());
            memory(p.putObject("memory"), pod.total());
        }
        return summary;
    }

    private static void cpu(ObjectNode cpu, ResourceUsage usage, OptionalLong nanoCores) {
        cpu.put("time", time(usage.time()));
        nanoCores.ifPresent(n -> cpu.put("usageNanoCores", n));
        cpu.put("usageCoreNanoSeconds", usage.cpuUsageNanos());
    }

    private static ObjectNode memory(ObjectNode memory, ResourceUsage usage) {
        memory.put("time", time(usage.time()));
        memory.put("usageBytes", usage.usageBytes());
        memory.put("workingSetBytes", usage.workingSetBytes());
        memory.put("rssBytes", usage.rssBytes());
        return memory;
    }

    // metav1.Time marshals with second precision (RFC 3339).
    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
