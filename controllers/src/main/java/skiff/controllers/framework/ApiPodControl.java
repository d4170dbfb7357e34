package skiff.controllers.framework;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import skiff.api.json.Json;

/** {@link PodControl} through the API server. */
public final class ApiPodControl implements PodControl {
    private final KubernetesClient client;

    public ApiPodControl(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Pod create(String namespace, Pod pod) {
        return client.pods().inNamespace(namespace).resource(pod).create();
    }

    @Override
    public void delete(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    @Override
    public void setOwnerReferences(Pod pod, List<OwnerReference> ownerReferences) {
        // k/k controller_ref_manager.go: the patch carries the pod's uid so it never lands on a namesake; the
        // resourceVersion makes it a compare-and-swap on the references this controller read.
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("uid", pod.getMetadata().getUid());
        metadata.put("resourceVersion", pod.getMetadata().getResourceVersion());
        metadata.put("ownerReferences", ownerReferences);
        // resource(pod), not withName: fabric8 would GET the pod first, which the controllers' roles do not allow.
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod)
                .patch(PatchContext.of(PatchType.JSON_MERGE), Json.string(Map.of("metadata", metadata)));
    }
}
