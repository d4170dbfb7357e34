package skiff.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import skiff.client.events.EventRecorder;
import skiff.controllers.endpointutil.NamespaceTerminating;
import skiff.controllers.endpointutil.ServiceSelection;
import skiff.controllers.endpointutil.TriggerTimeTracker;
import skiff.controllers.framework.SyncResult;

/** One sync of one Service's EndpointSlices (k/k endpointslice_controller.go syncService, 1.32). */
final class EndpointSliceSync {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointSliceSync.class);
    // How soon to look again when the slice cache has not caught up with this controller's own writes.
    private static final Duration STALE_RECHECK = Duration.ofMillis(100);

    private final Indexer<Service> services;
    private final Indexer<Pod> pods;
    private final Indexer<Node> nodes;
    private final Indexer<EndpointSlice> slices;
    private final KubernetesClient client;
    private final SliceReconciler reconciler;
    private final TriggerTimeTracker triggerTimes = new TriggerTimeTracker();
    private final SliceWrites writes;
    private final EventRecorder events;

    EndpointSliceSync(Indexer<Service> services, Indexer<Pod> pods, Indexer<Node> nodes,
            Indexer<EndpointSlice> slices, KubernetesClient client, int maxEndpointsPerSlice, SliceWrites writes,
            EventRecorder events) {
        this.services = services;
        this.pods = pods;
        this.nodes = nodes;
        this.slices = slices;
        this.client = client;
        this.reconciler = new SliceReconciler(maxEndpointsPerSlice);
        this.writes = writes;
        this.events = events;
    }

    SyncResult sync(String key) {
        Service service = services.getByKey(key);
        if (service == null) {
            // The slices go with their owner, through the garbage collector.
            triggerTimes.deleteService(namespace(key), name(key));
            writes.forgetService(key);
            return SyncResult.done();
        }
        if (!ServiceSelection.managed(service)) {
            return SyncResult.done();
        }
        List<EndpointSlice> existing = slicesOf(service);
        if (writes.stale(key, existing)) {
            return SyncResult.requeueAfter(STALE_RECHECK);
        }
        writes.settle(key, existing);
        List<Pod> selected = ServiceSelection.pods(service, pods);
        Optional<Instant> triggerTime = triggerTimes.compute(service, selected);
        SlicePlan plan = reconciler.plan(service, selected, nodes::getByKey, existing);
        try {
            apply(key, service, plan, triggerTime);
        } catch (KubernetesClientException e) {
            // k/k reconciler.go finalize: creations in a terminating namespace are dropped, not retried.
            if (NamespaceTerminating.refused(e)) {
                return SyncResult.done();
            }
            return failed(service, e.getMessage());
        }
        if (!plan.skippedPods().isEmpty()) {
            return failed(service, "skipping pods " + plan.skippedPods() + ": their nodes are not found");
        }
        return SyncResult.done();
    }

    // k/k endpointslice_controller.go syncService: a failed sync (but a stale cache) is a Warning on the Service.
    private SyncResult failed(Service service, String error) {
        String key = Cache.metaNamespaceKeyFunc(service);
        events.event(service, EventRecorder.WARNING, "FailedToUpdateEndpointSlices",
                "Error updating Endpoint Slices for Service " + key + ": " + error);
        return SyncResult.retry("endpointslices of " + key + ": " + error);
    }

    /** This controller's slices of the Service that are not being deleted (k/k syncService). */
    private List<EndpointSlice> slicesOf(Service service) {
        return slices.byIndex(EndpointSliceController.SERVICE_INDEX, Cache.metaNamespaceKeyFunc(service)).stream()
                .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
                .filter(s -> s.getMetadata().getLabels() != null && SliceReconciler.CONTROLLER_NAME.equals(
                        s.getMetadata().getLabels().get(SliceReconciler.MANAGED_BY_LABEL)))
                .toList();
    }

    // k/k reconciler.go finalize: no creations for a Service being deleted; creations and updates carry the
    // last-change-trigger-time annotation, or lose it when this sync has none.
    private void apply(String key, Service service, SlicePlan plan, Optional<Instant> triggerTime) {
        String namespace = service.getMetadata().getNamespace();
        var api = client.discovery().v1().endpointSlices().inNamespace(namespace);
        if (service.getMetadata().getDeletionTimestamp() == null) {
            for (EndpointSlice slice : plan.create()) {
                EndpointSlice created = api.resource(annotated(slice, triggerTime)).create();
                writes.written(key, created);
                LOG.debug("service={} endpointslice={} created", key, created.getMetadata().getName());
            }
        }
        for (EndpointSlice slice : plan.update()) {
            writes.written(key, api.resource(annotated(slice, triggerTime)).update());
        }
        for (EndpointSlice slice : plan.delete()) {
            try {
                api.withName(slice.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            writes.deleted(key, slice);
        }
    }

    private static EndpointSlice annotated(EndpointSlice slice, Optional<Instant> triggerTime) {
        Map<String, String> annotations = slice.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(slice.getMetadata().getAnnotations());
        triggerTime.ifPresentOrElse(
                time -> annotations.put(TriggerTimeTracker.ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(time)),
                () -> annotations.remove(TriggerTimeTracker.ANNOTATION));
        slice.getMetadata().setAnnotations(annotations);
        return slice;
    }

    private static String namespace(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
