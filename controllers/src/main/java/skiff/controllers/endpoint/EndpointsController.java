package skiff.controllers.endpoint;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.endpointutil.ServiceQueueing;
import skiff.controllers.framework.Controller;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Keeps one core/v1 Endpoints object per Service with a selector, which {@code kubectl describe service} and
 * {@code kubectl get endpoints} still read (k/k pkg/controller/endpoint, kube-controller-manager's "endpoint"
 * controller, 1.32). The queue holds Service keys.
 */
public final class EndpointsController implements ManagedController {
    public static final String NAME = "endpoint";
    // k/k cmd/kube-controller-manager: --concurrent-endpoint-syncs defaults to 5.
    private static final int WORKERS = 5;

    private final Controller<String> runner;
    private final EventRecorder events;

    private EndpointsController(ControllerContext context) {
        SharedIndexInformer<Service> services = context.informers().forType(Service.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        SharedIndexInformer<Endpoints> endpoints = context.informers().forType(Endpoints.class);
        RateLimitingQueue<String> queue = context.queue("endpoint");
        this.events = context.eventRecorder("endpoint-controller");
        services.addEventHandler(ServiceQueueing.services(queue));
        pods.addEventHandler(ServiceQueueing.pods(queue, services.getIndexer()));
        endpoints.addEventHandler(new EndpointsDeletions(queue));
        EndpointsSync sync = new EndpointsSync(services.getIndexer(), pods.getIndexer(), endpoints.getIndexer(),
                context.client(), events);
        this.runner = context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(services, pods, endpoints))
                .handler(sync::sync)
                .workers(WORKERS)
                .build();
    }

    public static ManagedController create(ControllerContext context) {
        return new EndpointsController(context);
    }

    @Override
    public void start() {
        runner.start();
    }

    @Override
    public void close() {
        runner.close();
        events.close();
    }

    /** A deleted Endpoints object is written again if its Service still wants it (k/k onEndpointsDelete). */
    private record EndpointsDeletions(RateLimitingQueue<String> queue) implements ResourceEventHandler<Endpoints> {
        @Override
        public void onAdd(Endpoints endpoints) {}

        @Override
        public void onUpdate(Endpoints old, Endpoints endpoints) {}

        @Override
        public void onDelete(Endpoints endpoints, boolean finalStateUnknown) {
            queue.add(Cache.metaNamespaceKeyFunc(endpoints));
        }
    }
}
