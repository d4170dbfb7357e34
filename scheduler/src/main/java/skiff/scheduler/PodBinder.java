package skiff.scheduler;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Writes a pod's assignment to a node; throws {@code KubernetesClientException} when the API refuses it. */
@FunctionalInterface
interface PodBinder {
    void bind(Pod pod, String node);

    /**
     * Through the API (k/k pkg/scheduler/framework/plugins/defaultbinder/default_binder.go): a v1 Binding naming the
     * pod, with its uid as a precondition, and the node as target.
     */
    static PodBinder forApi(KubernetesClient client) {
        return (pod, node) -> {
            Binding binding = new BindingBuilder()
                    .withNewMetadata()
                        .withName(pod.getMetadata().getName())
                        .withNamespace(pod.getMetadata().getNamespace())
                        .withUid(pod.getMetadata().getUid())
                    .endMetadata()
                    .withNewTarget().withKind("Node").withName(node).endTarget()
                    .build();
            client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
        };
    }
}
