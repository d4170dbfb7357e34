package skiff.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.api.time.Clock;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Watches node heartbeats and keeps each node's conditions and taints true to them (k/k
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go): every monitor period each node is checked, and a
 * change to a node or its Lease is checked at once; after each monitor pass the zones' health is checked; every
 * 100 ms the nodes waiting for a NoExecute taint get it as fast as their zone allows. The queue holds node names.
 */
public final class NodeLifecycleController implements ManagedController {
    public static final String NAME = "nodelifecycle";
    // k/k pkg/controller/nodelifecycle/scheduler NodeEvictionPeriod: how often the taint queues are worked.
    private static final Duration NODE_EVICTION_PERIOD = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

    private final Controller<String> runner;
    private final EventRecorder events;
    private final SharedIndexInformer<Node> nodes;
    private final RateLimitingQueue<String> queue;
    private final NodeLifecycleOptions options;
    private final NodeLifecycleSync sync;
    private final Clock clock;
    private final ExecutorService tickers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("nodelifecycle-", 0).factory());

    public NodeLifecycleController(ControllerContext context, NodeLifecycleOptions options) {
        this.nodes = context.informers().forType(Node.class);
        SharedIndexInformer<Lease> leases = context.informers().forType(Lease.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        pods.addIndexers(Map.of(NodeLifecycleSync.NODE_INDEX, p -> p.getSpec() == null
                || p.getSpec().getNodeName() == null ? List.of() : List.of(p.getSpec().getNodeName())));
        this.queue = context.queue("node_lifecycle_controller");
        this.options = options;
        this.clock = context.clock();
        nodes.addEventHandler(new NodeChanges(queue));
        leases.addEventHandler(new LeaseChanges(queue));
        this.events = context.eventRecorder("node-controller");
        this.sync = new NodeLifecycleSync(nodes.getIndexer(), leases.getIndexer(), pods.getIndexer(), options,
                context.client(), events, context.clock());
        this.runner = context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(nodes, leases, pods))
                .handler(sync::sync)
                .build();
    }

    @Override
    public void start() {
        runner.start();
        tickers.submit(() -> every(options.monitorPeriod(), this::monitor));
        tickers.submit(() -> every(NODE_EVICTION_PERIOD, sync::taintQueuedNodes));
    }

    // k/k node_lifecycle_controller.go Run: monitorNodeHealth every --node-monitor-period.
    private void monitor() {
        if (!nodes.hasSynced()) {
            return;
        }
        for (String name : nodes.getIndexer().listKeys()) {
            queue.add(name);
        }
        sync.checkZones();
    }

    private void every(Duration period, Runnable pass) {
        try {
            while (!queue.shuttingDown()) {
                clock.sleep(period);
                try {
                    pass.run();
                } catch (RuntimeException e) {
                    LOG.warn("node lifecycle pass failed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            // Stopped.
        }
    }

    @Override
    public void close() {
        tickers.shutdownNow();
        runner.close();
        events.close();
    }

    private record NodeChanges(RateLimitingQueue<String> queue) implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            queue.add(node.getMetadata().getName());
        }

        @Override
        public void onUpdate(Node old, Node node) {
            queue.add(node.getMetadata().getName());
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            queue.add(node.getMetadata().getName());
        }
    }

    /** A renewed node Lease is a heartbeat: its node is checked. */
    private record LeaseChanges(RateLimitingQueue<String> queue) implements ResourceEventHandler<Lease> {
        @Override
        public void onAdd(Lease lease) {
            enqueue(lease);
        }

        @Override
        public void onUpdate(Lease old, Lease lease) {
            enqueue(lease);
        }

        @Override
        public void onDelete(Lease lease, boolean finalStateUnknown) {}

        private void enqueue(Lease lease) {
            if ("kube-node-lease".equals(lease.getMetadata().getNamespace())) {
                queue.add(lease.getMetadata().getName());
            }
        }
    }
}
