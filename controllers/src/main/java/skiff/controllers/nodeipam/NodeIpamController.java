package skiff.controllers.nodeipam;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Gives every node a pod CIDR from the cluster CIDR (k/k kube-controller-manager "nodeipam" with the RangeAllocator,
 * pkg/controller/nodeipam); the kubelet's pod network takes its pods' addresses from it. The queue holds node names.
 */
public final class NodeIpamController {
    public static final String NAME = "nodeipam";
    // k/k range allocator: events are reported as component "cidrAllocator".
    private static final String COMPONENT = "cidrAllocator";

    private NodeIpamController() {}

    public static ManagedController create(ControllerContext context, NodeIpamOptions options) {
        SharedIndexInformer<Node> nodes = context.informers().forType(Node.class);
        RateLimitingQueue<String> queue = context.queue("nodeipam");
        EventRecorder events = context.eventRecorder(COMPONENT);
        NodeIpamSync sync = new NodeIpamSync(nodes.getIndexer(), context.client(), events,
                new CidrSet(Ipv4Cidr.parse(options.clusterCidr()), options.nodeCidrMaskSize()));
        nodes.addEventHandler(new NodeChanges(queue, sync));
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(nodes))
                .handler(sync::sync)
                .closing(events)
                .build();
    }

    /** A node that appears or changes is checked; a deleted one frees its CIDR. */
    private record NodeChanges(RateLimitingQueue<String> queue, NodeIpamSync sync)
            implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            queue.add(node.getMetadata().getName());
        }

        @Override
        public void onUpdate(Node old, Node node) {
            if (NodeIpamSync.podCidrs(node).isEmpty()) {
                queue.add(node.getMetadata().getName());
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            sync.release(node);
        }
    }
}
