package skiff.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Keeps a {@code default} ServiceAccount in every active namespace, recreating it when it is deleted (k/k
 * pkg/controller/serviceaccount/serviceaccounts_controller.go). The queue holds namespace names.
 */
public final class ServiceAccountController {
    public static final String NAME = "serviceaccount";
    // k/k cmd/kube-controller-manager: --concurrent-serviceaccount-syncs defaults to 1.
    private static final int WORKERS = 1;

    private ServiceAccountController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Namespace> namespaces = context.informers().forType(Namespace.class);
        SharedIndexInformer<ServiceAccount> accounts = context.informers().forType(ServiceAccount.class);
        RateLimitingQueue<String> queue = RateLimitingQueue.withDefaultRateLimiter(context.clock());
        namespaces.addEventHandler(new NamespaceChanges(queue));
        accounts.addEventHandler(new AccountDeletions(queue));
        ServiceAccountSync sync = new ServiceAccountSync(namespaces.getIndexer(), accounts.getIndexer(),
                context.client());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(namespaces, accounts))
                .handler(sync::sync)
                .workers(WORKERS)
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

    /** A deleted managed account sends its namespace back for a check. */
    private record AccountDeletions(RateLimitingQueue<String> queue) implements ResourceEventHandler<ServiceAccount> {
        @Override
        public void onAdd(ServiceAccount sa) {}

        @Override
        public void onUpdate(ServiceAccount old, ServiceAccount sa) {}

        @Override
        public void onDelete(ServiceAccount sa, boolean finalStateUnknown) {
            if (ServiceAccountSync.MANAGED.contains(sa.getMetadata().getName())) {
                queue.add(sa.getMetadata().getNamespace());
            }
        }
    }
}
