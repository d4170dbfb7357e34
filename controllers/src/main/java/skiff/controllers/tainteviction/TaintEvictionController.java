package skiff.controllers.tainteviction;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Evicts pods from nodes with NoExecute taints they do not tolerate, or no longer tolerate (k/k
 * pkg/controller/tainteviction/taint_eviction.go). The queue holds {@code namespace/name} pod keys; a node whose
 * taints change sends all its pods.
 */
public final class TaintEvictionController {
    public static final String NAME = "taint-eviction-controller";
    private static final String NODE_INDEX = "tainteviction/nodeName";
    // k/k taint_eviction.go: UpdateWorkerSize 8.
    private static final int WORKERS = 4;

    private TaintEvictionController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        SharedIndexInformer<Node> nodes = context.informers().forType(Node.class);
        pods.addIndexers(Map.of(NODE_INDEX, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                ? List.of() : List.of(p.getSpec().getNodeName())));
        RateLimitingQueue<String> queue = context.queue("noexec_taint_pod");
        pods.addEventHandler(new PodChanges(queue));
        nodes.addEventHandler(new NodeTaintChanges(queue, pods.getIndexer()));
        EventRecorder events = context.eventRecorder("taint-eviction-controller");
        TaintEvictionSync sync = new TaintEvictionSync(pods.getIndexer(), nodes.getIndexer(), context.client(),
                events, context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(pods, nodes))
                .handler(sync::sync)
                .workers(WORKERS)
                .closing(events)
                .build();
    }

    private record PodChanges(RateLimitingQueue<String> queue) implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            enqueue(pod);
        }

        @Override
        public void onUpdate(Pod old, Pod pod) {
            if (!Objects.equals(old.getSpec().getNodeName(), pod.getSpec().getNodeName())
                    || !Objects.equals(old.getSpec().getTolerations(), pod.getSpec().getTolerations())
                    || !Objects.equals(old.getMetadata().getDeletionTimestamp(),
                            pod.getMetadata().getDeletionTimestamp())) {
                enqueue(pod);
            }
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            enqueue(pod);
        }

        private void enqueue(Pod pod) {
            if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
                queue.add(Cache.metaNamespaceKeyFunc(pod));
            }
        }
    }

    private record NodeTaintChanges(RateLimitingQueue<String> queue, Indexer<Pod> pods)
            implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            enqueuePods(node);
        }

        @Override
        public void onUpdate(Node old, Node node) {
            if (!TaintEvictionSync.taints(old).equals(TaintEvictionSync.taints(node))) {
                enqueuePods(node);
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {}

        private void enqueuePods(Node node) {
            for (Pod pod : pods.byIndex(NODE_INDEX, node.getMetadata().getName())) {
                queue.add(Cache.metaNamespaceKeyFunc(pod));
            }
        }
    }
}
