package skiff.controllers.servicelb;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Gives LoadBalancer Services an address the way k3s' ServiceLB (klipper-lb) does, built in rather than as a
 * DaemonSet per Service: {@code status.loadBalancer.ingress} lists the ready nodes' addresses (k3s
 * pkg/cloudprovider/servicelb.go). Services that name a {@code loadBalancerClass} are another implementation's. Making
 * the ports answer on those addresses is the service proxy's job. The queue holds Services' namespace/name keys.
 */
public final class ServiceLoadBalancerController {
    public static final String NAME = "servicelb";
    private static final int WORKERS = 1;

    private ServiceLoadBalancerController() {}

    public static ManagedController create(ControllerContext context) {
        SharedIndexInformer<Service> services = context.informers().forType(Service.class);
        SharedIndexInformer<Node> nodes = context.informers().forType(Node.class);
        RateLimitingQueue<String> queue = context.queue("servicelb");
        services.addEventHandler(new ServiceChanges(queue));
        nodes.addEventHandler(new NodeChanges(queue, services));
        ServiceLoadBalancerSync sync = new ServiceLoadBalancerSync(services.getIndexer(), nodes.getIndexer(),
                context.client());
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(services, nodes))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

    private record ServiceChanges(RateLimitingQueue<String> queue) implements ResourceEventHandler<Service> {
        @Override
        public void onAdd(Service service) {
            queue.add(Cache.metaNamespaceKeyFunc(service));
        }

        @Override
        public void onUpdate(Service old, Service service) {
            queue.add(Cache.metaNamespaceKeyFunc(service));
        }

        @Override
        public void onDelete(Service service, boolean finalStateUnknown) {}
    }

    /** A node that comes, goes or changes readiness or addresses sends every LoadBalancer Service for a check. */
    private record NodeChanges(RateLimitingQueue<String> queue, SharedIndexInformer<Service> services)
            implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            requeueLoadBalancers();
        }

        @Override
        public void onUpdate(Node old, Node node) {
            if (!ServiceLoadBalancerSync.addresses(List.of(old)).equals(ServiceLoadBalancerSync.addresses(
                    List.of(node)))) {
                requeueLoadBalancers();
            }
        }

        @Override
        public void onDelete(Node node, boolean finalStateUnknown) {
            requeueLoadBalancers();
        }

        private void requeueLoadBalancers() {
            for (Service service : services.getIndexer().list()) {
                if ("LoadBalancer".equals(service.getSpec().getType())) {
                    queue.add(Cache.metaNamespaceKeyFunc(service));
                }
            }
        }
    }
}
