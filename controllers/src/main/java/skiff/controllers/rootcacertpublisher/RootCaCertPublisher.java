package skiff.controllers.rootcacertpublisher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;
import skiff.controllers.framework.PerNamespaceController;

/**
 * Publishes the cluster CA as the {@code kube-root-ca.crt} ConfigMap in every namespace, so that pods can verify the
 * API server, and puts it back when it is changed or deleted (k/k pkg/controller/certificates/rootcacertpublisher/
 * publisher.go, 1.32). The queue holds namespace names.
 */
public final class RootCaCertPublisher {
    public static final String NAME = "root-ca-cert-publisher";
    // k/k cmd/kube-controller-manager: --concurrent-rootca-cert-publisher-syncs... defaults to 5; one suffices here.
    private static final int WORKERS = 1;

    private RootCaCertPublisher() {}

    public static ManagedController create(ControllerContext context, String caPem) {
        return PerNamespaceController.create(context, NAME, WORKERS, ConfigMap.class, ConfigMapChanges::new,
                (namespaces, configMaps) -> new RootCaSync(namespaces, configMaps, context.client(), caPem)::sync);
    }

    /** A change to, or the deletion of, a published ConfigMap sends its namespace back for a check. */
    private record ConfigMapChanges(RateLimitingQueue<String> queue) implements ResourceEventHandler<ConfigMap> {
        @Override
        public void onAdd(ConfigMap cm) {}

        @Override
        public void onUpdate(ConfigMap old, ConfigMap cm) {
            enqueue(cm);
        }

        @Override
        public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
            enqueue(cm);
        }

        private void enqueue(ConfigMap cm) {
            if (RootCaSync.CONFIG_MAP.equals(cm.getMetadata().getName())) {
                queue.add(cm.getMetadata().getNamespace());
            }
        }
    }
}
