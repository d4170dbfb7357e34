package skiff.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.PerNamespaceController;

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
        return PerNamespaceController.create(context, NAME, WORKERS, ServiceAccount.class, AccountDeletions::new,
                (namespaces, accounts) -> new ServiceAccountSync(namespaces, accounts, context.client())::sync);
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
