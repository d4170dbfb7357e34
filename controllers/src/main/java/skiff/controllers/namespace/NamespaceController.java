package skiff.controllers.namespace;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import skiff.client.workqueue.ExponentialFailureRateLimiter;
import skiff.client.workqueue.MaxOfRateLimiter;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.client.workqueue.TokenBucketRateLimiter;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Empties namespaces that are being deleted and then releases them (k/k pkg/controller/namespace/
 * namespace_controller.go). The API server only marks a deleted namespace Terminating and keeps it while the
 * {@code kubernetes} finalizer is in spec.finalizers; this controller deletes the content and removes that
 * finalizer. The queue holds namespace names.
 */
public final class NamespaceController {
    public static final String NAME = "namespace";
    // k/k cmd/kube-controller-manager: --concurrent-namespace-syncs defaults to 10.
    private static final int WORKERS = 10;

    private NamespaceController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Namespace> namespaces = context.informers().forType(Namespace.class);
        // k/k namespace_controller.go nsControllerRateLimiter: like the default, but a namespace waiting for its
        // content is looked at again at least every minute.
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(context.clock(), new MaxOfRateLimiter<>(List.of(
                new ExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(60)),
                new TokenBucketRateLimiter<>(context.clock(), 10, 100))),
                context.queueMetrics().forQueue("namespace", context.clock()));
        namespaces.addEventHandler(new DeletedNamespaces(queue));
        NamespaceSync sync = new NamespaceSync(context.client(), context.clock());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(namespaces))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

    /** Only namespaces with a deletionTimestamp need this controller. */
    private record DeletedNamespaces(RateLimitingQueue<String> queue) implements ResourceEventHandler<Namespace> {
        @Override
        public void onAdd(Namespace ns) {
            enqueueIfDeleting(ns);
        }

        @Override
        public void onUpdate(Namespace old, Namespace ns) {
            enqueueIfDeleting(ns);
        }

        @Override
        public void onDelete(Namespace ns, boolean finalStateUnknown) {}

        private void enqueueIfDeleting(Namespace ns) {
            if (ns.getMetadata().getDeletionTimestamp() != null) {
                queue.add(ns.getMetadata().getName());
            }
        }
    }
}
