package skiff.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import skiff.client.events.EventRecorder;
import skiff.controllers.endpointutil.NamespaceTerminating;
import skiff.controllers.endpointutil.PodEndpoints;
import skiff.controllers.endpointutil.ServiceSelection;
import skiff.controllers.endpointutil.TriggerTimeTracker;
import skiff.controllers.framework.SyncResult;

/** One sync of one Service's core/v1 Endpoints (k/k pkg/controller/endpoint/endpoints_controller.go syncService). */
final class EndpointsSync {
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
    static final String HEADLESS_LABEL = "service.kubernetes.io/headless";

    private final Indexer<Service> services;
    private final Indexer<Pod> pods;
    private final Indexer<Endpoints> endpoints;
    private final KubernetesClient client;
    private final EventRecorder events;
    private final TriggerTimeTracker triggerTimes = new TriggerTimeTracker();

    EndpointsSync(Indexer<Service> services, Indexer<Pod> pods, Indexer<Endpoints> endpoints, KubernetesClient client,
            EventRecorder events) {
        this.services = services;
        this.pods = pods;
        this.endpoints = endpoints;
        this.client = client;
        this.events = events;
    }

    SyncResult sync(String key) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        Service service = services.getByKey(key);
        if (service == null) {
            // k/k syncService: the Service is gone, so are its Endpoints (whoever wrote them).
            triggerTimes.deleteService(namespace, name);
            try {
                client.endpoints().inNamespace(namespace).withName(name).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    return SyncResult.retry("delete endpoints " + key + ": " + e.getMessage());
                }
            }
            return SyncResult.done();
        }
        if (!ServiceSelection.managed(service)) {
            return SyncResult.done();
        }
        List<Pod> selected = ServiceSelection.pods(service, pods);
        Optional<Instant> triggerTime = triggerTimes.compute(service, selected);
        List<EndpointSubset> subsets = EndpointSubsets.of(service, selected);
        Endpoints current = endpoints.getByKey(key);
        Map<String, String> serviceLabels = orEmpty(service.getMetadata().getLabels());
        if (current != null && upToDate(current, subsets, serviceLabels)) {
            return SyncResult.done();
        }
        Endpoints desired = desired(service, current, subsets, serviceLabels, triggerTime);
        try {
            if (current == null) {
                client.endpoints().inNamespace(namespace).resource(desired).create();
            } else {
                client.endpoints().inNamespace(namespace).resource(desired).update();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return SyncResult.retry("endpoints " + key + " changed meanwhile");
            }
            // k/k syncService: a create refused in a terminating namespace is dropped.
            if (current == null && NamespaceTerminating.refused(e)) {
                return SyncResult.done();
            }
            events.event(desired, EventRecorder.WARNING,
                    current == null ? "FailedToCreateEndpoint" : "FailedToUpdateEndpoint",
                    (current == null ? "Failed to create endpoint for service " : "Failed to update endpoint ")
                            + key + ": " + e.getMessage());
            return SyncResult.retry("endpoints " + key + ": " + e.getMessage());
        }
        return SyncResult.done();
    }

    // k/k syncService: nothing to write when the subsets and the labels (but the headless one) are the same and the
    // over-capacity annotation is right for them.
    static boolean upToDate(Endpoints current, List<EndpointSubset> subsets, Map<String, String> serviceLabels) {
        Map<String, String> labels = new LinkedHashMap<>(orEmpty(current.getMetadata().getLabels()));
        labels.remove(HEADLESS_LABEL);
        List<EndpointSubset> currentSubsets = current.getSubsets() == null ? List.of() : current.getSubsets();
        boolean capacityRight = EndpointsTruncation.count(currentSubsets) <= EndpointsTruncation.MAX_CAPACITY
                && !orEmpty(current.getMetadata().getAnnotations()).containsKey(OVER_CAPACITY);
        return currentSubsets.equals(subsets) && labels.equals(serviceLabels) && capacityRight;
    }

    static Endpoints desired(Service service, Endpoints current, List<EndpointSubset> subsets,
            Map<String, String> serviceLabels, Optional<Instant> triggerTime) {
        Endpoints base = current != null ? current : new EndpointsBuilder().withNewMetadata()
                .withName(service.getMetadata().getName()).withNamespace(service.getMetadata().getNamespace())
                .endMetadata().build();
        Map<String, String> annotations = new LinkedHashMap<>(orEmpty(base.getMetadata().getAnnotations()));
        triggerTime.ifPresentOrElse(
                time -> annotations.put(TriggerTimeTracker.ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(time)),
                () -> annotations.remove(TriggerTimeTracker.ANNOTATION));
        List<EndpointSubset> truncated = EndpointsTruncation.truncate(subsets);
        if (truncated != subsets) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        Map<String, String> labels = new LinkedHashMap<>(serviceLabels);
        if (PodEndpoints.isHeadless(service)) {
            labels.put(HEADLESS_LABEL, "");
        } else {
            labels.remove(HEADLESS_LABEL);
        }
        return new EndpointsBuilder(base).editMetadata().withAnnotations(annotations).withLabels(labels).endMetadata()
                .withSubsets(truncated).build();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
