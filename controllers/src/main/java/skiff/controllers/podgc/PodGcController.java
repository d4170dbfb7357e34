package skiff.controllers.podgc;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * The pod garbage collector (k/k pkg/controller/podgc, kube-controller-manager's "podgc"): once the pod and node
 * caches have synced, a pass every 20 s deletes the pods nothing else will (see {@link PodGcSync}).
 */
public final class PodGcController implements ManagedController {
    public static final String NAME = "podgc";
    // k/k cmd/kube-controller-manager --terminated-pod-gc-threshold default.
    public static final int DEFAULT_TERMINATED_POD_THRESHOLD = 12500;
    private static final String PASS = "gc";

    private final Controller<String> runner;
    private final RateLimitingQueue<String> queue;

    public PodGcController(ControllerContext context, int terminatedPodThreshold) {
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        SharedIndexInformer<Node> nodes = context.informers().forType(Node.class);
        this.queue = context.queue("orphaned_pods_nodes");
        PodGcSync sync = new PodGcSync(pods.getIndexer(), nodes.getIndexer(), context.client(),
                terminatedPodThreshold, context.clock());
        this.runner = context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(pods, nodes))
                .handler(sync::sync)
                .build();
    }

    @Override
    public void start() {
        queue.add(PASS);
        runner.start();
    }

    @Override
    public void close() {
        runner.close();
    }
}
