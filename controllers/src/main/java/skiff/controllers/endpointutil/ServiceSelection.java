package skiff.controllers.endpointutil;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.Indexer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import skiff.api.selector.LabelSelector;

/** Which Services the endpoint controllers manage, and which of them select a pod. */
public final class ServiceSelection {
    private ServiceSelection() {}

    /**
     * Whether the controllers manage this Service's endpoints: it has a selector and is not ExternalName (k/k
     * endpoints_controller.go and endpointslice_controller.go syncService leave selector-less Services, whose
     * endpoints someone else writes, alone). An empty selector is no selector: the API drops it when it stores one.
     */
    public static boolean managed(Service service) {
        return service.getSpec() != null && service.getSpec().getSelector() != null
                && !service.getSpec().getSelector().isEmpty() && !"ExternalName".equals(service.getSpec().getType());
    }

    /** The pods of the Service's namespace its selector matches . */
    public static List<Pod> pods(Service service, Indexer<Pod> pods) {
        LabelSelector selector = LabelSelector.fromMap(service.getSpec().getSelector());
        return pods.byIndex(Cache.NAMESPACE_INDEX, service.getMetadata().getNamespace()).stream()
                .filter(pod -> selector.matches(labels(pod))).toList();
    }

    /** Keys of the managed Services that select {@code pod} (k/k GetPodServiceMemberships). */
    public static Set<String> servicesOf(Pod pod, Indexer<Service> services) {
        Set<String> keys = new HashSet<>();
        for (Service service : services.byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (managed(service) && LabelSelector.fromMap(service.getSpec().getSelector()).matches(labels(pod))) {
                keys.add(Cache.metaNamespaceKeyFunc(service));
            }
        }
        return keys;
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
    }
}
