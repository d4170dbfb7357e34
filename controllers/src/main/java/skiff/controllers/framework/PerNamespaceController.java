package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Store;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import skiff.client.workqueue.RateLimitingQueue;

/**
 * A controller that keeps an object of one kind in every namespace: its queue holds namespace names, each namespace
 * added or updated is queued, and the kind's own handler queues the namespace of an object changed under it (the
 * shape shared by k/k pkg/controller/serviceaccount/serviceaccounts_controller.go and
 * pkg/controller/certificates/rootcacertpublisher/publisher.go, 1.32).
 */
public final class PerNamespaceController {
    private PerNamespaceController() {}

    /**
     * The controller {@code name} over namespaces and {@code kind}: {@code changes} makes the kind's handler from the
     * queue, {@code sync} the reconcile from the namespace and kind caches.
     */
    public static <T extends HasMetadata> ManagedController create(ControllerContext context, String name,
            int workers, Class<T> kind, Function<RateLimitingQueue<String>, ResourceEventHandler<T>> changes,
            BiFunction<Store<Namespace>, Store<T>, SyncHandler<String>> sync) {
        SharedIndexInformer<Namespace> namespaces = context.informers().forType(Namespace.class);
        SharedIndexInformer<T> objects = context.informers().forType(kind);
        // k/k names these queues as the controllers with underscores ("serviceaccount", "root_ca_cert_publisher").
        RateLimitingQueue<String> queue = context.queue(name.replace('-', '_'));
        namespaces.addEventHandler(new NamespaceChanges(queue));
        objects.addEventHandler(changes.apply(queue));
        return context.<String>controller(name)
                .queue(queue)
                .informers(List.of(namespaces, objects))
                .handler(sync.apply(namespaces.getIndexer(), objects.getIndexer()))
                .workers(workers)
                .build();
    }

    /** A namespace that appears or changes is checked. */
    private record NamespaceChanges(RateLimitingQueue<String> queue) implements ResourceEventHandler<Namespace> {
        @Override
        public void onAdd(Namespace ns) {
            queue.add(ns.getMetadata().getName());
        }

        @Override
        public void onUpdate(Namespace old, Namespace ns) {
            queue.add(ns.getMetadata().getName());
        }

        @Override
        public void onDelete(Namespace ns, boolean finalStateUnknown) {}
    }
}
