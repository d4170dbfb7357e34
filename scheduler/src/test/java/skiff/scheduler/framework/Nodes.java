package skiff.scheduler.framework;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Test nodes with a given allocatable cpu, memory and pod count. */
public final class Nodes {
    private Nodes() {}

    public static NodeBuilder node(String name, String cpu, String memory, String pods) {
        Map<String, Quantity> allocatable = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
                "pods", new Quantity(pods));
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec()
                .withNewStatus().withAllocatable(allocatable).withCapacity(allocatable).endStatus();
    }

    public static NodeInfo info(NodeBuilder node) {
        return new NodeInfo(node.build());
    }
}
