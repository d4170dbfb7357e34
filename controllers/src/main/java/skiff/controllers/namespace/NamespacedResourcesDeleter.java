package skiff.controllers.namespace;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import skiff.controllers.framework.ResourceDiscovery;
import skiff.controllers.framework.ServedResource;
import skiff.controllers.framework.ServedResources;

/**
 * Empties a namespace through the API: for every namespaced resource discovery lists, delete the whole collection,
 * then count what is still there and which finalizers hold it (k/k pkg/controller/namespace/deletion/
 * namespaced_resources_deleter.go deleteAllContent, deleteCollection and deleteEachItem).
 */
final class NamespacedResourcesDeleter {
    private final KubernetesClient client;

    NamespacedResourcesDeleter(KubernetesClient client) {
        this.client = client;
    }

    DeletionProgress deleteAllContent(String namespace) {
        ServedResources served;
        try {
            served = ResourceDiscovery.discover(client);
        } catch (KubernetesClientException e) {
            return DeletionProgress.discoveryFailed(e.getMessage());
        }
        List<String> errors = new ArrayList<>();
        Map<String, Integer> remaining = new TreeMap<>();
        Map<String, Integer> finalizers = new TreeMap<>();
        for (ServedResource resource : served.namespaced()) {
            if (!resource.supports("delete") || !resource.supports("list")) {
                continue;
            }
            try {
                delete(resource, namespace);
                List<GenericKubernetesResource> left = client.genericKubernetesResources(resource.context())
                        .inNamespace(namespace).list().getItems();
                if (!left.isEmpty()) {
                    remaining.merge(resource.qualifiedName(), left.size(), Integer::sum);
                }
                for (GenericKubernetesResource o : left) {
                    for (String f : o.getMetadata().getFinalizers()) {
                        finalizers.merge(f, 1, Integer::sum);
                    }
                }
            } catch (KubernetesClientException e) {
                errors.add(resource.qualifiedName() + ": " + e.getMessage());
            }
        }
        return DeletionProgress.of(errors, remaining, finalizers);
    }

    // k/k namespaced_resources_deleter.go: content goes with background propagation, one deletecollection per
    // resource where the resource allows it, else one delete per listed object.
    private void delete(ServedResource resource, String namespace) {
        var objects = client.genericKubernetesResources(resource.context()).inNamespace(namespace);
        if (resource.supports("deletecollection")) {
            objects.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            return;
        }
        for (GenericKubernetesResource o : objects.list().getItems()) {
            objects.withName(o.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
    }
}
