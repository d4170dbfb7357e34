package skiff.controllers.endpointutil;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.Objects;
import java.util.Set;
import skiff.client.workqueue.RateLimitingQueue;

/** The informer handlers both endpoint controllers share: Service and pod changes enqueue the Services concerned. */
public final class ServiceQueueing {
    private ServiceQueueing() {}

    /** Every Service that appears, changes or goes is synced. */
    public static ResourceEventHandler<Service> services(RateLimitingQueue<String> queue) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Service service) {
                queue.add(Cache.metaNamespaceKeyFunc(service));
            }

            @Override
            public void onUpdate(Service old, Service service) {
                queue.add(Cache.metaNamespaceKeyFunc(service));
            }

            @Override
            public void onDelete(Service service, boolean finalStateUnknown) {
                queue.add(Cache.metaNamespaceKeyFunc(service));
            }
        };
    }

    /**
     * A pod change syncs the Services that select it, before or after the change (k/k endpointslice/util
     * GetServicesToUpdateOnPodChange; a resync with the same resourceVersion changes nothing).
     */
    public static ResourceEventHandler<Pod> pods(RateLimitingQueue<String> queue, Indexer<Service> services) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueue(ServiceSelection.servicesOf(pod, services));
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
                    return;
                }
                enqueue(ServiceSelection.servicesOf(pod, services));
                if (!Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())) {
                    enqueue(ServiceSelection.servicesOf(old, services));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                enqueue(ServiceSelection.servicesOf(pod, services));
            }

            private void enqueue(Set<String> keys) {
                keys.forEach(queue::add);
            }
        };
    }
}
