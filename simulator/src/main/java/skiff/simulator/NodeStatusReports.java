package skiff.simulator;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import skiff.api.time.Clock;
import skiff.client.informers.InformerRestarts;

/**
 * Keeps each simulated node's status as its kubelet would (k/k kubelet_node_status.go syncNodeStatus,
 * tryUpdateNodeStatus): every status interval the node works out its status and patches it when it differs from
 * the stored one (say the node lifecycle controller set Ready to Unknown), or when the report interval has passed
 * since it last wrote it. The stored statuses come from one informer over all simulated nodes, so a node with
 * nothing to report costs no request.
 */
final class NodeStatusReports implements AutoCloseable {
    private final KubernetesClient client;
    private final SimulatorConfig config;
    private final Clock clock;
    private final Consumer<String> readyAgain;
    private final Map<String, Long> lastReport = new ConcurrentHashMap<>();
    private SharedIndexInformer<Node> stored;

    /** @param readyAgain told the name of a node whose stored Ready condition turned True again */
    NodeStatusReports(KubernetesClient client, SimulatorConfig config, Clock clock, Consumer<String> readyAgain) {
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.readyAgain = readyAgain;
    }

    /** Starts watching the simulated nodes; returns once their current state is known. */
    void start() {
        stored = InformerRestarts.install(NodeSimulator.COMPONENT,
                client.nodes().withLabel(SimulatedNodes.SIMULATED_LABEL, "true").runnableInformer(0));
        stored.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {}

            @Override
            public void onUpdate(Node old, Node node) {
                if (!SimulatedNodes.ready(old) && SimulatedNodes.ready(node)) {
                    readyAgain.accept(node.getMetadata().getName());
                }
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {}
        });
        stored.run();
    }

    /** Whether the node's stored Ready condition is True. */
    boolean ready(String name) {
        return SimulatedNodes.ready(stored.getStore().getByKey(name));
    }

    /** Notes that the node's status has just been written (at registration). */
    void reported(String name) {
        lastReport.put(name, clock.nanoTime());
    }

    /** One status update for the node: written if it changed or a report is due. */
    void sync(String name, int index) {
        Node node = stored.getStore().getByKey(name);
        if (node == null) {
            return; // deleted: a simulated node goes away with its Node, as kwok's do
        }
        NodeStatus wanted = SimulatedNodes.status(config, index, node.getStatus(), clock.now());
        Long last = lastReport.get(name);
        boolean reportDue = last == null || clock.nanoTime() - last >= config.statusReportInterval().toNanos();
        if (!reportDue && !SimulatedNodes.statusChanged(wanted, node.getStatus())) {
            return;
        }
        client.nodes().withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                client.getKubernetesSerialization().asJson(Map.of("status", wanted)));
        lastReport.put(name, clock.nanoTime());
    }

    @Override
    public void close() {
        if (stored != null) {
            stored.close();
        }
    }
}
