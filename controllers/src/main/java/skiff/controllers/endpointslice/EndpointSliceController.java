package skiff.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import skiff.client.events.EventRecorder;
import skiff.client.workqueue.RateLimitingQueue;
import skiff.controllers.endpointutil.ServiceQueueing;
import skiff.controllers.framework.ControllerContext;
import skiff.controllers.framework.ManagedController;

/**
 * Keeps the discovery.k8s.io/v1 EndpointSlices of every Service with a selector (k/k pkg/controller/endpointslice,
 * kube-controller-manager's "endpointslice" controller, 1.32). The queue holds Service keys. Mirroring of
 * selector-less Services' Endpoints into slices (k/k endpointslicemirroring) is not done.
 */
public final class EndpointSliceController {
    public static final String NAME = "endpointslice";
    // k/k cmd/kube-controller-manager: --max-endpoints-per-slice defaults to 100 (at most 1000).
    public static final int DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;
    // k/k cmd/kube-controller-manager: --concurrent-service-endpoint-syncs defaults to 5.
    private static final int WORKERS = 5;
    static final String SERVICE_INDEX = "service";

    private EndpointSliceController() {}

    public static ManagedController create(ControllerContext context, int maxEndpointsPerSlice) {
        SharedIndexInformer<Service> services = context.informers().forType(Service.class);
        SharedIndexInformer<Pod> pods = context.informers().forType(Pod.class);
        SharedIndexInformer<Node> nodes = context.informers().forType(Node.class);
        SharedIndexInformer<EndpointSlice> slices = context.informers().forType(EndpointSlice.class);
        Function<EndpointSlice, List<String>> byService = EndpointSliceController::serviceKeys;
        slices.addIndexers(Map.of(SERVICE_INDEX, byService));
        RateLimitingQueue<String> queue = context.queue("endpoint_slice");
        SliceWrites writes = new SliceWrites();
        EventRecorder events = context.eventRecorder("endpoint-slice-controller");
        services.addEventHandler(ServiceQueueing.services(queue));
        pods.addEventHandler(ServiceQueueing.pods(queue, services.getIndexer()));
        slices.addEventHandler(new SliceChanges(queue, writes));
        EndpointSliceSync sync = new EndpointSliceSync(services.getIndexer(), pods.getIndexer(), nodes.getIndexer(),
                slices.getIndexer(), context.client(), maxEndpointsPerSlice, writes, events);
        return context.<String>controller(NAME)
                .queue(queue)
                .informers(List.of(services, pods, nodes, slices))
                .handler(sync::sync)
                .workers(WORKERS)
                .closing(events)
                .build();
    }

    /** The Service a slice belongs to, by its kubernetes.io/service-name label. */
    static List<String> serviceKeys(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        String service = labels == null ? null : labels.get(SliceReconciler.SERVICE_NAME_LABEL);
        return service == null ? List.of() : List.of(slice.getMetadata().getNamespace() + "/" + service);
    }

    private static boolean managed(EndpointSlice slice) {
        Map<String, String> labels = slice.getMetadata().getLabels();
        return labels != null && SliceReconciler.CONTROLLER_NAME.equals(labels.get(SliceReconciler.MANAGED_BY_LABEL));
    }

    /**
     * A change to one of this controller's slices by anyone syncs its Service again, so that edits are undone and
     * deleted slices recreated (k/k endpointslice_controller.go onEndpointSliceAdd/Update/Delete).
     */
    private record SliceChanges(RateLimitingQueue<String> queue, SliceWrites writes)
            implements ResourceEventHandler<EndpointSlice> {
        @Override
        public void onAdd(EndpointSlice slice) {
            if (managed(slice)) {
                serviceKeys(slice).forEach(queue::add);
            }
        }

        @Override
        public void onUpdate(EndpointSlice old, EndpointSlice slice) {
            if (managed(old) || managed(slice)) {
                serviceKeys(old).forEach(queue::add);
                serviceKeys(slice).forEach(queue::add);
            }
        }

        @Override
        public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
            for (String key : serviceKeys(slice)) {
                writes.gone(key, slice.getMetadata().getUid());
                if (managed(slice)) {
                    queue.add(key);
                }
            }
        }
    }
}
