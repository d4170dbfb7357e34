package skiff.controllers.rootcacertpublisher;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

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
        SharedIndexInformer<Namespace> namespaces = context.informers().forType(Namespace.class);
        SharedIndexInformer<ConfigMap> configMaps = context.informers().forType(ConfigMap.class);
        RateLimitingQueue<String> queue = RateLimitingQueue.withDefaultRateLimiter(context.clock());
        namespaces.addEventHandler(new NamespaceChanges(queue));
        configMaps.addEventHandler(new ConfigMapChanges(queue));
        RootCaSync sync = new RootCaSync(namespaces.getIndexer(), configMaps.getIndexer(), context.client(), caPem);
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(namespaces, configMaps))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

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
